/// What an attachment's bytes are, decided by their first bytes and never by the file's
/// name, and so how the site may keep a copy. A static host picks the type it serves a
/// file as from the file's extension: a copy named `.html`, `.svg`, `.xml` or `.js` on the
/// archive's own origin would run its script as the archive (stored cross-site scripting),
/// so every copy is named by what its bytes are, from a short list of harmless types.
enum MediaKind: Hashable, Sendable {
    /// Shown on the page.
    case image(ImageFormat)
    /// Offered as a download under an extension that hosts serve as a type browsers never
    /// run as a page: a PDF (the browser's PDF viewer runs apart from the site), a zip,
    /// audio and video (played by the browser's own player).
    case download(String)
    /// Anything else (SVG, HTML, text, programs, unknown): offered as `.bin`, which hosts
    /// serve as `application/octet-stream`, which browsers only save.
    case other

    /// The extension of the site's copy.
    var fileExtension: String {
        switch self {
        case .image(let format): format.rawValue
        case .download(let ext): ext
        case .other: "bin"
        }
    }

    /// The kind a copy's extension stands for (`fileExtension` undone).
    init(fileExtension ext: String) {
        if let format = ImageFormat(rawValue: ext) { self = .image(format) } else { self = ext == "bin" ? .other : .download(ext) }
    }

    /// The kind of `bytes`, from their first bytes (a dozen are enough).
    static func of(_ bytes: some Collection<UInt8>) -> MediaKind {
        let head = Array(bytes.prefix(16))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        func ascii(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .image(.png) }
        if starts([0xFF, 0xD8, 0xFF]) { return .image(.jpg) }
        if ascii("GIF87a") || ascii("GIF89a") { return .image(.gif) }
        if ascii("RIFF"), ascii("WEBP", at: 8) { return .image(.webp) }
        if ascii("%PDF-") { return .download("pdf") }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .download("zip") }
        if ascii("OggS") { return .download("ogg") }
        if ascii("fLaC") { return .download("flac") }
        if ascii("RIFF"), ascii("WAVE", at: 8) { return .download("wav") }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .download("webm") }
        if ascii("ftyp", at: 4) { return .download(ascii("M4A ", at: 8) ? "m4a" : ascii("qt  ", at: 8) ? "mov" : "mp4") }
        // MP3: an ID3 tag, or an MPEG audio frame's sync bits (a JPEG's FF D8 is not one).
        if ascii("ID3") || (head.count >= 2 && head[0] == 0xFF && head[1] & 0xE6 == 0xE2) { return .download("mp3") }
        return .other
    }

    /// The name a download is saved under: the file's own last name, without folders,
    /// control characters or leading dots, at most 100 characters (its extension kept).
    static func downloadName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !"\"<>:|?*".unicodeScalars.contains($0) })
        clean = String(clean.drop { $0 == "." || $0 == " " })
        if clean.count > 100 {
            let dot = clean.lastIndex(of: ".")
            let ext = dot.map { String(clean[$0...]) }.flatMap { $0.count <= 10 ? $0 : nil } ?? ""
            clean = String(clean.prefix(100 - ext.count)) + ext
        }
        return clean.isEmpty ? "file" : clean
    }
}

/// The raster images browsers show in `<img>`; never SVG, which can hold script.
enum ImageFormat: String, Hashable, Sendable {
    case png, jpg, gif, webp
}
