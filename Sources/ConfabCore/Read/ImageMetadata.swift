/// Images without what cameras and editors write beside the picture: where a photo was
/// taken (Exif GPS), when, on which device, by whom, its thumbnails and comments. Pure
/// functions over bytes, each walking its format's structure to its end: an image whose
/// structure cannot be walked is nil, and is not copied (what it holds cannot be known).
enum ImageMetadata {
    /// `bytes` (of `format`, as `MediaKind` found) without metadata, or nil when damaged.
    static func stripped(_ bytes: [UInt8], format: ImageFormat) -> [UInt8]? {
        switch format {
        case .jpg: jpeg(bytes)
        case .png: png(bytes)
        case .webp: webp(bytes)
        case .gif: gif(bytes)
        }
    }

    // MARK: JPEG

    /// Segments kept: APP0 (JFIF), APP2 only for an ICC colour profile, APP14 (Adobe, which
    /// says how CMYK is decoded) and everything that is not an application segment or a
    /// comment. Exif (APP1, with GPS, times, the camera's serial, a thumbnail), XMP (APP1),
    /// IPTC/Photoshop (APP13), comments and the other APPn go, and so does whatever follows
    /// the image's end (phones append more pictures, each with its own Exif). Exif's
    /// Orientation alone is written back: browsers turn a photo as it says (CSS
    /// `image-orientation: from-image`, the default since 2020), and without it a phone's
    /// portrait photo would lie on its side.
    static func jpeg(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(bytes.count)
        var at = 2, orientationWritten = false
        while true {
            // A marker: 0xFF, any fill 0xFF bytes, then its code.
            guard at < bytes.count, bytes[at] == 0xFF else { return nil }
            while at < bytes.count, bytes[at] == 0xFF { at += 1 }
            guard at < bytes.count else { return nil }
            let code = bytes[at]
            at += 1
            if code == 0xD9 {   // end of image: nothing after it is kept
                out += [0xFF, 0xD9]
                return out
            }
            if (0xD0...0xD7).contains(code) || code == 0x01 {   // standalone markers
                out += [0xFF, code]
                continue
            }
            guard code != 0x00, code != 0xD8, at + 2 <= bytes.count else { return nil }
            let length = Int(bytes[at]) << 8 | Int(bytes[at + 1])
            guard length >= 2, at + length <= bytes.count else { return nil }
            let segment = bytes[at + 2 ..< at + length]
            switch code {
            case 0xE1:
                if !orientationWritten, let orientation = exifOrientation(segment), orientation != 1 {
                    out += [0xFF, 0xE1] + orientationSegment(orientation)
                    orientationWritten = true
                }
            case 0xE2 where segment.starts(with: Array("ICC_PROFILE\0".utf8)), 0xE0, 0xEE:
                out += [0xFF, code] + bytes[at ..< at + length]
            case 0xE2...0xEF, 0xFE:
                break
            default:
                out += [0xFF, code] + bytes[at ..< at + length]
            }
            at += length
            guard code == 0xDA else { continue }
            // After a scan's header, its entropy-coded data up to the next marker that is
            // not a stuffed 0xFF00 or a restart: copied as it is.
            let start = at
            while at + 1 < bytes.count, !(bytes[at] == 0xFF && bytes[at + 1] != 0x00 && !(0xD0...0xD7).contains(bytes[at + 1])) {
                at += 1
            }
            guard at + 1 < bytes.count else { return nil }
            out += bytes[start..<at]
        }
    }

    /// Exif's Orientation (1–8) from an APP1 segment's payload, when it is Exif and says one.
    static func exifOrientation(_ payload: ArraySlice<UInt8>) -> Int? {
        let exif = Array(payload)
        guard exif.count >= 14, exif.starts(with: Array("Exif\0\0".utf8)) else { return nil }
        let tiff = 6
        let little: Bool
        switch (exif[tiff], exif[tiff + 1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= exif.count else { return nil }
            return little ? Int(exif[at]) | Int(exif[at + 1]) << 8 : Int(exif[at]) << 8 | Int(exif[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(tiff + 2) == 42, let ifd = u32(tiff + 4), let count = u16(tiff + ifd) else { return nil }
        for index in 0..<min(count, 1000) {
            let entry = tiff + ifd + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112, u16(entry + 2) == 3, let value = u16(entry + 8), (1...8).contains(value) { return value }
        }
        return nil
    }

    /// An APP1 segment (its length and payload) holding an Exif block with only `orientation`.
    static func orientationSegment(_ orientation: Int) -> [UInt8] {
        let payload: [UInt8] = Array("Exif\0\0".utf8) + [
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,   // big-endian TIFF, IFD0 at 8
            0x00, 0x01,                                       // one entry:
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,   // Orientation, SHORT, one value
            0x00, UInt8(orientation), 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,                           // no next IFD
        ]
        let length = payload.count + 2
        return [UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    // MARK: PNG

    /// Chunks dropped: Exif (`eXIf`), text of any kind (`tEXt`, `zTXt`, `iTXt`: authors,
    /// comments, XMP) and the time of the last edit (`tIME`); nothing after `IEND`.
    static let pngDropped: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]

    static func png(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 8 + 12 else { return nil }
        var out = Array(bytes[0..<8]), at = 8, first = true
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length <= bytes.count - at - 12 else { return nil }
            let type = String(decoding: bytes[at + 4 ..< at + 8], as: UTF8.self)
            if first, type != "IHDR" { return nil }
            first = false
            let end = at + 12 + length
            if !pngDropped.contains(type) { out += bytes[at..<end] }
            if type == "IEND" { return out }
            at = end
        }
        return nil
    }

    // MARK: WebP

    static func webp(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 12 else { return nil }
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        // The RIFF size may claim less than the file holds (trailing bytes go) but not more.
        let end = 8 + u32(4)
        guard end <= bytes.count else { return nil }
        var chunks: [[UInt8]] = [], at = 12
        while at + 8 <= end {
            let size = u32(at + 4)
            let padded = size + (size & 1)
            guard size <= end - at - 8 else { return nil }
            let type = String(decoding: bytes[at ..< at + 4], as: UTF8.self)
            let stop = min(at + 8 + padded, end)
            if type != "EXIF", type != "XMP " { chunks.append(Array(bytes[at..<stop])) }
            at = stop
        }
        guard at == end, !chunks.isEmpty else { return nil }
        // VP8X says which chunks follow: its Exif (0x08) and XMP (0x04) flags go with them.
        if String(decoding: chunks[0][0..<4], as: UTF8.self) == "VP8X", chunks[0].count > 8 { chunks[0][8] &= ~0x0C }
        let body = chunks.joined()
        let size = 4 + body.count
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24 & 0xFF)]
            + Array("WEBP".utf8) + body
    }

    // MARK: GIF

    /// Comments and application blocks other than the looping one (`NETSCAPE2.0`, which an
    /// animation needs) go: XMP rides in an application block.
    static func gif(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 13 else { return nil }
        var at = 13
        /// A colour table follows a descriptor whose packed field says so.
        func table(_ packed: UInt8) -> Int { packed & 0x80 != 0 ? 3 << (Int(packed & 0x07) + 1) : 0 }
        at += table(bytes[10])
        var out = Array(bytes[0..<min(at, bytes.count)])
        /// Past a run of data sub-blocks (each a length byte, then that many bytes; 0 ends), or nil.
        func subBlocks(_ from: Int) -> Int? {
            var at = from
            while at < bytes.count {
                let length = Int(bytes[at])
                at += 1 + length
                if length == 0 { return at <= bytes.count ? at : nil }
            }
            return nil
        }
        while at < bytes.count {
            switch bytes[at] {
            case 0x3B:
                return out + [0x3B]
            case 0x2C:
                guard at + 10 <= bytes.count else { return nil }
                let header = at + 10 + table(bytes[at + 9])
                guard header + 1 <= bytes.count, let end = subBlocks(header + 1) else { return nil }
                out += bytes[at..<end]
                at = end
            case 0x21:
                guard at + 2 <= bytes.count, let end = subBlocks(at + 2) else { return nil }
                let label = bytes[at + 1]
                let isLoop = label == 0xFF && at + 14 <= bytes.count && Array(bytes[at + 3 ..< at + 14]) == Array("NETSCAPE2.0".utf8)
                if label != 0xFE && (label != 0xFF || isLoop) { out += bytes[at..<end] }
                at = end
            default:
                return nil
            }
        }
        return nil
    }
}
