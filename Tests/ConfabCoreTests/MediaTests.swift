import Foundation
import Testing
import ZIPFoundation
@testable import ConfabCore

/// Hand-made image bytes: segments and chunks as the formats lay them out.
enum ImageBytes {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func be32(_ value: Int) -> [UInt8] { be16(value >> 16) + be16(value & 0xFFFF) }
    static func le32(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)] }

    /// A JPEG segment: marker, length, payload.
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(payload.count + 2) + payload }

    /// An Exif APP1 payload (big-endian TIFF): IFD0 with Make, and Orientation when given,
    /// pointing to a GPS IFD with a latitude of 52° 31′ 12″ N.
    static func exif(orientation: Int? = nil) -> [UInt8] {
        var entries: [[UInt8]] = []
        let count = orientation == nil ? 3 : 4
        let ifd0Size = 2 + count * 12 + 4
        let makeOffset = 8 + ifd0Size
        let make = ascii("SecretPhone\0")
        let gpsOffset = makeOffset + make.count
        entries.append(be16(0x010F) + be16(2) + be32(make.count) + be32(makeOffset))   // Make
        if let orientation { entries.append(be16(0x0112) + be16(3) + be32(1) + be16(orientation) + be16(0)) }
        entries.append(be16(0x8769) + be16(4) + be32(1) + be32(0))                        // an empty Exif IFD pointer
        entries.append(be16(0x8825) + be16(4) + be32(1) + be32(gpsOffset))                // GPS IFD
        let gpsSize = 2 + 2 * 12 + 4
        let rationals = be32(52) + be32(1) + be32(31) + be32(1) + be32(12) + be32(1)
        let gps = be16(2)
            + be16(0x0001) + be16(2) + be32(2) + ascii("N\0\0\0")                          // GPSLatitudeRef
            + be16(0x0002) + be16(5) + be32(3) + be32(gpsOffset + gpsSize)                 // GPSLatitude
            + be32(0)
        return ascii("Exif\0\0") + ascii("MM") + be16(42) + be32(8) + be16(count) + entries.joined() + be32(0) + make + gps + rationals
    }

    /// A PNG chunk with its CRC field (zeros: the stripper copies chunks, it does not check them).
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] { be32(data.count) + ascii(type) + data + [0, 0, 0, 0] }
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A RIFF chunk, padded to an even size.
    static func riff(_ type: String, _ data: [UInt8]) -> [UInt8] { ascii(type) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : []) }
    static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
        let body = chunks.joined()
        return ascii("RIFF") + le32(4 + body.count) + ascii("WEBP") + body
    }

    /// The repository's real JPEG and PNG fixtures (made by an image library, no metadata).
    static func fixture(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Repository.root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures/formats/\(path)")))
    }
    static func realJPEG() throws -> [UInt8] { try fixture("telegram/group-folder/content/ChatExport_2024-03-02/photos/photo_1@01-03-2024_11-12-00.jpg") }
    static func realPNG() throws -> [UInt8] { try fixture("discord-text/media-folder/content/Acme export/general.txt_Files/offsite-1A2B3.png") }

    /// `jpeg` with `segments` put right after its start-of-image marker.
    static func inserting(_ segments: [UInt8], into jpeg: [UInt8]) -> [UInt8] { Array(jpeg[0..<2]) + segments + Array(jpeg[2...]) }
}

extension Array where Element == UInt8 {
    func contains(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}

@Suite struct MediaKindTests {
    static let cases: [(String, [UInt8], MediaKind)] = [
        ("PNG", ImageBytes.pngSignature + [0, 0, 0, 13], .image(.png)),
        ("JPEG", [0xFF, 0xD8, 0xFF, 0xE0], .image(.jpg)),
        ("GIF87a", ImageBytes.ascii("GIF87a") + [1, 0], .image(.gif)),
        ("GIF89a", ImageBytes.ascii("GIF89a") + [1, 0], .image(.gif)),
        ("WebP", ImageBytes.ascii("RIFF") + [0, 0, 0, 0] + ImageBytes.ascii("WEBPVP8 "), .image(.webp)),
        ("PDF", ImageBytes.ascii("%PDF-1.7\n"), .download("pdf")),
        ("zip", [0x50, 0x4B, 0x03, 0x04, 20, 0], .download("zip")),
        ("Ogg", ImageBytes.ascii("OggS\0\u{2}"), .download("ogg")),
        ("FLAC", ImageBytes.ascii("fLaC"), .download("flac")),
        ("WAV", ImageBytes.ascii("RIFF") + [0, 0, 0, 0] + ImageBytes.ascii("WAVEfmt "), .download("wav")),
        ("WebM", [0x1A, 0x45, 0xDF, 0xA3, 0x9F], .download("webm")),
        ("MP4", [0, 0, 0, 0x18] + ImageBytes.ascii("ftypisom"), .download("mp4")),
        ("M4A", [0, 0, 0, 0x18] + ImageBytes.ascii("ftypM4A "), .download("m4a")),
        ("QuickTime", [0, 0, 0, 0x14] + ImageBytes.ascii("ftypqt  "), .download("mov")),
        ("MP3 with ID3", ImageBytes.ascii("ID3\u{4}"), .download("mp3")),
        ("MP3 frame", [0xFF, 0xFB, 0x90, 0x64], .download("mp3")),
        ("SVG", ImageBytes.ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), .other),
        ("HTML", ImageBytes.ascii("<!doctype html><script>alert(1)</script>"), .other),
        ("XML", ImageBytes.ascii("<?xml version=\"1.0\"?>"), .other),
        ("PNG signature cut short", [0x89, 0x50, 0x4E, 0x47, 0x20, 0x66, 0x61, 0x6B, 0x65], .other),
        ("RIFF of another kind", ImageBytes.ascii("RIFF") + [0, 0, 0, 0] + ImageBytes.ascii("AVI LIST"), .other),
        ("empty", [], .other),
        ("text", ImageBytes.ascii("just some notes"), .other),
    ]

    @Test(arguments: cases)
    func kindIsDecidedByTheBytes(_ name: String, _ bytes: [UInt8], _ kind: MediaKind) {
        #expect(MediaKind.of(bytes) == kind, "\(name)")
    }

    /// Extensions a copy may have: none that a host serves as a page or a script.
    @Test func noCopyIsNamedAsAPage() {
        let served = Set(Self.cases.map { MediaKind.of($0.1).fileExtension })
        #expect(served.isDisjoint(with: ["html", "htm", "svg", "xml", "js", "xhtml", "mjs", "css", "svgz", "shtml", "php"]))
    }

    @Test(arguments: [
        ("photo.jpg", "photo.jpg"),
        ("../../x.png", "x.png"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\ana\\report.pdf", "report.pdf"),
        (".htaccess", "htaccess"),
        ("a\u{0}b\u{7}c.txt", "abc.txt"),
        ("\"><script>.html", "script.html"),
        ("", "file"),
        ("...", "file"),
        (String(repeating: "a", count: 300) + ".pdf", String(repeating: "a", count: 96) + ".pdf"),
    ])
    func downloadNamesAreSafe(_ name: String, _ expected: String) {
        #expect(MediaKind.downloadName(name) == expected)
    }
}

@Suite struct ImageMetadataTests {
    typealias B = ImageBytes

    /// A JPEG whose structure is walked without a codec: header segments, a scan of
    /// entropy-coded data (with a stuffed 0xFF00 and a restart marker), a second scan after
    /// metadata, the end, and bytes after the end.
    static func jpeg(_ metadata: [UInt8], afterScan: [UInt8] = [], trailer: [UInt8] = []) -> [UInt8] {
        [0xFF, 0xD8] + B.segment(0xE0, B.ascii("JFIF\0") + [1, 2, 0, 0, 1, 0, 1, 0, 0]) + metadata
            + B.segment(0xDB, [0] + Array(repeating: 1, count: 64))
            + B.segment(0xC2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
            + B.segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
            + afterScan
            + B.segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x78, 0x9A]
            + [0xFF, 0xD9] + trailer
    }

    static let bare = jpeg([])

    static let jpegCases: [(String, [UInt8], [UInt8]?)] = [
        ("no metadata: unchanged", bare, bare),
        ("Exif with GPS", jpeg(B.segment(0xE1, B.exif())), bare),
        ("XMP", jpeg(B.segment(0xE1, B.ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Ana's house</x:xmpmeta>"))), bare),
        ("IPTC in Photoshop's APP13", jpeg(B.segment(0xED, B.ascii("Photoshop 3.0\08BIM\u{4}\u{4}byline Ana"))), bare),
        ("a comment", jpeg(B.segment(0xFE, B.ascii("taken at Ana's house"))), bare),
        ("a multi-picture index and what follows the end", jpeg(B.segment(0xE2, B.ascii("MPF\0II*\0")),
                                                               trailer: [0xFF, 0xD8] + B.segment(0xE1, B.exif())), bare),
        ("metadata between scans", jpeg([], afterScan: B.segment(0xE1, B.exif()) + B.segment(0xFE, B.ascii("hidden"))), bare),
        ("an ICC profile and Adobe's segment stay", jpeg(B.segment(0xE2, B.ascii("ICC_PROFILE\0\u{1}\u{1}profile")) + B.segment(0xEE, B.ascii("Adobe\0d"))),
         jpeg(B.segment(0xE2, B.ascii("ICC_PROFILE\0\u{1}\u{1}profile")) + B.segment(0xEE, B.ascii("Adobe\0d")))),
        ("orientation 6 alone is written back", jpeg(B.segment(0xE1, B.exif(orientation: 6))),
         jpeg([0xFF, 0xE1] + ImageMetadata.orientationSegment(6))),
        ("orientation 1 needs nothing", jpeg(B.segment(0xE1, B.exif(orientation: 1))), bare),
        ("a segment longer than the file", [0xFF, 0xD8] + [0xFF, 0xE0, 0x66, 0x61] + B.ascii("fakejpeg"), nil),
        ("no end", Array(bare.dropLast(2)), nil),
        ("not a marker", [0xFF, 0xD8, 0x00, 0x11], nil),
    ]

    @Test(arguments: jpegCases)
    func jpegMetadataIsStripped(_ name: String, _ bytes: [UInt8], _ expected: [UInt8]?) {
        let stripped = ImageMetadata.jpeg(bytes)
        #expect(stripped == expected, "\(name)")
        if let stripped {
            for secret in ["SecretPhone", "xmpmeta", "Photoshop", "Ana's house", "MPF", "hidden", "8BIM"] {
                #expect(!stripped.contains(secret), "\(name): \(secret)")
            }
        }
    }

    /// A real photo with Exif (GPS, the camera) put in comes out as it was before.
    @Test func aRealJPEGLosesItsExifAndGPS() throws {
        let photo = try B.realJPEG()
        let tagged = B.inserting(B.segment(0xE1, B.exif()), into: photo)
        #expect(tagged.contains("Exif") && tagged.contains("SecretPhone"))
        let stripped = try #require(ImageMetadata.jpeg(tagged))
        #expect(stripped == photo)
        #expect(!stripped.contains("Exif") && !stripped.contains("SecretPhone"))
        #expect(ImageMetadata.exifOrientation(B.exif(orientation: 8)[...]) == 8)
        #expect(ImageMetadata.exifOrientation([UInt8](ImageMetadata.orientationSegment(3).dropFirst(2))[...]) == 3)
    }

    static let ihdr = B.chunk("IHDR", B.be32(1) + B.be32(1) + [8, 2, 0, 0, 0])
    static let idat = B.chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1])
    static let iend = B.chunk("IEND", [])
    static let plainPNG = B.pngSignature + ihdr + idat + iend

    static let pngCases: [(String, [UInt8], [UInt8]?)] = [
        ("no metadata: unchanged", plainPNG, plainPNG),
        ("text, Exif and time", B.pngSignature + ihdr + B.chunk("tEXt", B.ascii("Author\0Ana")) + B.chunk("eXIf", Array(B.exif().dropFirst(6)))
            + B.chunk("zTXt", B.ascii("Comment\0\0x")) + B.chunk("iTXt", B.ascii("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"))
            + B.chunk("tIME", [7, 232, 1, 1, 0, 0, 0]) + idat + iend, plainPNG),
        ("a colour profile stays", B.pngSignature + ihdr + B.chunk("iCCP", B.ascii("p\0\0x")) + idat + iend,
         B.pngSignature + ihdr + B.chunk("iCCP", B.ascii("p\0\0x")) + idat + iend),
        ("what follows the end goes", plainPNG + B.chunk("tEXt", B.ascii("Author\0Ana")), plainPNG),
        ("a chunk longer than the file", B.pngSignature + ihdr + B.be32(1000) + B.ascii("IDAT") + [1, 2, 3], nil),
        ("no IHDR first", B.pngSignature + idat + iend, nil),
        ("no end", B.pngSignature + ihdr + idat, nil),
    ]

    @Test(arguments: pngCases)
    func pngMetadataIsStripped(_ name: String, _ bytes: [UInt8], _ expected: [UInt8]?) {
        #expect(ImageMetadata.png(bytes) == expected, "\(name)")
    }

    static let vp8l = B.riff("VP8L", [0x2F, 0, 0, 0, 0])   // odd size: padded
    static let webpCases: [(String, [UInt8], [UInt8]?)] = [
        ("simple: unchanged", B.webp([vp8l]), B.webp([vp8l])),
        ("extended, with Exif and XMP: chunks and their flags go",
         B.webp([B.riff("VP8X", [0x1C, 0, 0, 0, 0, 0, 0, 0, 0, 0]), vp8l, B.riff("EXIF", Array(B.exif().dropFirst(6))), B.riff("XMP ", B.ascii("<x:xmpmeta/>"))]),
         B.webp([B.riff("VP8X", [0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]), vp8l])),
        ("bytes past the RIFF's size go", B.webp([vp8l]) + B.ascii("Exif GPS"), B.webp([vp8l])),
        ("a chunk longer than the file", B.ascii("RIFF") + B.le32(20) + B.ascii("WEBP") + B.ascii("VP8L") + B.le32(100) + [0, 0, 0, 0], nil),
        ("a size past the file", B.ascii("RIFF") + B.le32(1000) + B.ascii("WEBP") + vp8l, nil),
    ]

    @Test(arguments: webpCases)
    func webpMetadataIsStripped(_ name: String, _ bytes: [UInt8], _ expected: [UInt8]?) {
        #expect(ImageMetadata.webp(bytes) == expected, "\(name)")
    }

    static let gifHead = B.ascii("GIF89a") + [1, 0, 1, 0, 0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
    static let gifImage: [UInt8] = [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0]
    static let loop: [UInt8] = [0x21, 0xFF, 11] + B.ascii("NETSCAPE2.0") + [3, 1, 0, 0, 0]
    static let gifCases: [(String, [UInt8], [UInt8]?)] = [
        ("plain: unchanged", gifHead + gifImage + [0x3B], gifHead + gifImage + [0x3B]),
        ("comment and XMP go, the loop stays",
         gifHead + [0x21, 0xFE, 5] + B.ascii("Ana's") + [0] + [0x21, 0xFF, 11] + B.ascii("XMP DataXMP") + [4] + B.ascii("<x/>") + [0] + loop + gifImage + [0x3B],
         gifHead + loop + gifImage + [0x3B]),
        ("no trailer", gifHead + gifImage, nil),
        ("an unknown block", gifHead + [0x99] + gifImage + [0x3B], nil),
    ]

    @Test(arguments: gifCases)
    func gifMetadataIsStripped(_ name: String, _ bytes: [UInt8], _ expected: [UInt8]?) {
        #expect(ImageMetadata.gif(bytes) == expected, "\(name)")
    }

    /// A copy's name is the hash of the bytes it holds: the same picture with and without
    /// Exif is one copy; a PNG whose bytes are HTML is no image.
    @Test func copiesAreNamedByTheirBytes() throws {
        let photo = try B.realJPEG()
        let (plain, plainBytes) = try #require(MediaFiles.copy(of: photo))
        let (tagged, _) = try #require(MediaFiles.copy(of: B.inserting(B.segment(0xE1, B.exif()), into: photo)))
        #expect(plain == tagged && plain.isImage && plainBytes == photo)
        #expect(plain.target.wholeMatch(of: /media\/[0-9a-f]{20}\.jpg/) != nil)
        #expect(plain.target == "media/" + SHA256.hex(SHA256.hash(photo).prefix(10)) + ".jpg")
        let (html, _) = try #require(MediaFiles.copy(of: B.ascii("<html><script>alert(1)</script>")))
        #expect(!html.isImage && html.target.hasSuffix(".bin"))
        #expect(MediaFiles.copy(of: [0xFF, 0xD8, 0xFF, 0xE0, 0x66, 0x61]) == nil)
    }
}

@Suite struct MediaLimitTests {
    @Test(arguments: [
        ("50 MB", 50 << 20), ("1 GB", 1 << 30), ("1.5 GB", 3 << 29), ("500 KB", 500 << 10), ("2 GiB", 2 << 30),
        ("1024", 1024), ("0", 0), ("10mb", 10 << 20),
    ])
    func sizesAreRead(_ text: String, _ bytes: Int) {
        #expect(MediaLimits.bytes(text) == bytes)
    }

    @Test(arguments: ["", "lots", "-1 MB", "5 XB", "1e400 GB"])
    func badSizesAreRefused(_ text: String) {
        #expect(MediaLimits.bytes(text) == nil)
    }

    @Test func theMediaSettingIsRead() throws {
        let (config, diagnostics) = try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "media:\n  max_file: 2 MB\n  max_total: 10 MB\n  max_files: 3\n"))
        #expect(config.media == MediaLimits(maxFile: 2 << 20, maxTotal: 10 << 20))
        #expect(diagnostics.map(\.description) == ["content/site.yaml:4: warning: unknown setting 'max_files' ignored (known: max_file, max_total)"])
        #expect(throws: ConfabError.self) { try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "media:\n  max_file: big\n")) }
        #expect(throws: ConfabError.self) { try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "media: 5 MB\n")) }
        #expect(SiteConfig().media == MediaLimits(maxFile: 50 << 20, maxTotal: 1 << 30))
    }

    /// Files over a cap are named in warnings (ten, then a count) and never read.
    @Test func capsLeaveFilesOutWithAWarning() throws {
        let site = try TemporaryFolder()
        let photo = try ImageBytes.realPNG()
        var paths: [String] = []
        for index in 0..<13 {
            let path = "content/x/big-\(index).png"
            try site.write(path, "")
            try FileHandle(forWritingTo: site.url.appendingPathComponent(path)).truncate(atOffset: 5000)
            paths.append(path)
        }
        for name in ["a", "b", "c"] {
            var bytes = photo
            bytes += ImageBytes.ascii(name)   // after the end: the copies differ before stripping only
            try Data(bytes).write(to: site.url.appendingPathComponent("content/x/\(name).png"))
            paths.append("content/x/\(name).png")
        }
        // Another picture, of the same size: a second copy, which the total cap leaves out.
        var other = photo
        other[other.count - 20] ^= 1
        try Data(other).write(to: site.url.appendingPathComponent("content/x/d.png"))
        paths.append("content/x/d.png")
        let prepared = MediaFiles.prepare(paths, site: site.url, limits: MediaLimits(maxFile: 4000, maxTotal: photo.count + 10))
        #expect(prepared.files.count == 1)
        #expect(Set(["a", "b", "c"].compactMap { prepared.copies["content/x/\($0).png"]?.target }).count == 1)
        #expect(prepared.copies["content/x/d.png"] == nil && prepared.copies["content/x/big-0.png"] == nil)
        let warnings = prepared.diagnostics.map(\.description)
        #expect(warnings.filter { $0.contains("larger than 4 KB (media: max_file): left out of the site") }.count == 10)
        #expect(warnings.contains("content/x/big-7.png: warning: and 3 more files larger than 4 KB (media: max_file) left out of the site"))
        #expect(warnings.contains { $0.hasPrefix("content/x/d.png: warning:") && $0.contains("(media: max_total)") })
    }

    /// A file whose path and version an earlier build named is not read again; a new
    /// version is.
    @Test func knownFilesAreNotReadAgain() throws {
        let site = try TemporaryFolder()
        try Data(try ImageBytes.realPNG()).write(to: try site.write("content/x/a.png", ""))
        let fresh = MediaFiles.prepare(["content/x/a.png"], site: site.url, limits: MediaLimits(), versions: ["content/x/a.png": "304 1.5"])
        let copy = try #require(fresh.copies["content/x/a.png"])
        #expect(fresh.known.entries == ["content/x/a.png\u{0}304 1.5": "\(copy.target) \(try ImageBytes.realPNG().count)"])
        var known = MediaFiles.Known()
        known.entries["content/x/a.png\u{0}304 1.5"] = "media/0123456789abcdef0123.gif 9"
        let remembered = MediaFiles.prepare(["content/x/a.png"], site: site.url, limits: MediaLimits(), versions: ["content/x/a.png": "304 1.5"], known: known)
        #expect(remembered.copies["content/x/a.png"] == MediaCopy(target: "media/0123456789abcdef0123.gif", kind: .image(.gif)))
        #expect(remembered.files.map(\.size) == [9] && remembered.files[0].bytes == nil)
        let changed = MediaFiles.prepare(["content/x/a.png"], site: site.url, limits: MediaLimits(), versions: ["content/x/a.png": "304 2.5"], known: known)
        #expect(changed.copies["content/x/a.png"] == copy)
        #expect(MediaFiles.versions([Source(path: "content/e.zip", kind: .zip, files: [], media: [])]).isEmpty)
        var source = Source(path: "content/e", kind: .folder, files: [], media: ["photos/a b.jpg"])
        source.mediaVersions = ["photos/a b.jpg 1200 1700000000.5"]
        #expect(MediaFiles.versions([source]) == ["content/e/photos/a b.jpg": "1200 1700000000.5"])
    }

    /// Paths that leave `content/` are never looked up; links out of it are not followed.
    @Test func hostilePathsAreNeverRead() throws {
        let site = try TemporaryFolder()
        try site.write("secret.png", "outside")
        try site.write("content/ok.png", "inside")
        try FileManager.default.createSymbolicLink(atPath: site.url.appendingPathComponent("content/link.png").path,
                                                   withDestinationPath: site.url.appendingPathComponent("secret.png").path)
        var zips = MediaFiles.Zips()
        let hostile = ["content/../secret.png", "content/x/../../secret.png", "/etc/passwd", "content//etc/passwd", "content/./ok.png",
                       "content/a\\..\\..\\secret.png", "content/ok.png\0.txt", "secret.png", "content/link.png", "content"]
        let (found, missing) = MediaFiles.locate(hostile + ["content/ok.png"], site: site.url, zips: &zips)
        #expect(found.map(\.path) == ["content/ok.png"])
        #expect(missing == hostile)
    }
}

/// A site built from an export that holds hostile and oversized files.
@Suite struct MediaSiteTests {
    /// Read only once built; its folder goes when the last test is done.
    struct Built: @unchecked Sendable {
        let report: BuildReport
        let site: TemporaryFolder
        let seconds: Double
        /// The page that shows the export's messages.
        let page: String
        let media: [String]

        func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: site.url.appendingPathComponent("public/media/\(name)"))) }
    }

    static func message(_ id: Int, _ fields: String) -> String {
        #"{"id": \#(id), "type": "message", "date": "2024-03-01T11:0\#(id % 10):00", "date_unixtime": "\#(1_709_290_800 + id * 60)", "from": "Ana", "from_id": "user111", \#(fields), "text": "file \#(id)", "text_entities": []}"#
    }

    /// A Telegram export folder: an SVG with script, an HTML file, a "PNG" whose bytes are
    /// HTML, a file named `../../x.png`, a 2 GB file (sparse), a photo with GPS under two
    /// names; and a zip whose entry says it is 3.75 GB.
    static func build() throws -> Built {
        let site = try TemporaryFolder()
        let export = "content/ChatExport_2024-03-01"
        let photo = try ImageBytes.realJPEG()
        let tagged = ImageBytes.inserting(ImageBytes.segment(0xE1, ImageBytes.exif()), into: photo)
        try site.write("\(export)/files/evil.svg", #"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>"#)
        try site.write("\(export)/files/page.html", "<!doctype html><script>alert(document.cookie)</script>")
        try site.write("\(export)/photos/fake.png", "<html><body><script>alert(1)</script></body></html>")
        try Data(tagged).write(to: site.url.appendingPathComponent("\(export)/photos/photo_1.jpg"))
        try Data(tagged).write(to: site.url.appendingPathComponent("\(export)/photos/photo_2.jpg"))
        // What `../../x.png` would reach from the export's folder: the site folder itself.
        try Data(ImageBytes.realPNG()).write(to: site.url.appendingPathComponent("x.png"))
        try site.write("\(export)/files/huge.mp4", "")
        try FileHandle(forWritingTo: site.url.appendingPathComponent("\(export)/files/huge.mp4")).truncate(atOffset: 2 << 30)
        let messages = [
            message(1, #""file": "files/evil.svg", "file_name": "evil.svg", "mime_type": "image/svg+xml""#),
            message(2, #""file": "files/page.html", "file_name": "page.html", "mime_type": "text/html""#),
            message(3, #""photo": "photos/fake.png""#),
            message(4, #""file": "../../x.png", "file_name": "x.png", "mime_type": "image/png""#),
            message(5, #""file": "files/huge.mp4", "file_name": "huge.mp4", "mime_type": "video/mp4", "media_type": "video_file""#),
            message(6, #""photo": "photos/photo_1.jpg""#),
            message(7, #""photo": "photos/photo_2.jpg""#),
        ]
        try site.write("\(export)/result.json", #"{"name": "Media Test", "type": "public_supergroup", "id": 42, "messages": [\#(messages.joined(separator: ",\n"))]}"#)
        try writeZip(site.url.appendingPathComponent("content/Zipped.zip"))

        let clock = ContinuousClock(), start = clock.now
        let report = try ConfabCore.build(BuildOptions(site: site.url, tool: "test"))
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let pages = try SiteReader.files(in: site.url.appendingPathComponent("public/sessions"), withExtension: "html")
        let page = try #require(try pages.map { try String(contentsOf: $0.url, encoding: .utf8) }.first { $0.contains("file 1") })
        let media = (try? FileManager.default.contentsOfDirectory(atPath: site.url.appendingPathComponent("public/media").path).sorted()) ?? []
        return Built(report: report, site: site, seconds: seconds, page: page, media: media)
    }

    /// A Telegram export in a zip whose video's entry says 3.75 GB and holds 10 bytes.
    static func writeZip(_ url: URL) throws {
        let archive = try ZIPFoundation.Archive(url: url, accessMode: .create)
        let messages = [message(8, #""file": "files/big.mp4", "file_name": "big.mp4""#), message(9, #""photo": "../../x.png""#)]
        let json = #"{"name": "Zipped", "type": "public_supergroup", "id": 43, "messages": [\#(messages.joined(separator: ","))]}"#
        for (name, bytes) in [("ChatExport/result.json", Data(json.utf8)), ("ChatExport/files/big.mp4", Data("0123456789".utf8)),
                              ("../../x.png", Data(try ImageBytes.realPNG()))] {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        // The entry's declared size, in its local header and in the central directory.
        var zip = [UInt8](try Data(contentsOf: url))
        let name = Array("ChatExport/files/big.mp4".utf8)
        for (signature, sizeAt, nameAt) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22, 30), ([0x50, 0x4B, 0x01, 0x02], 24, 46)] {
            for at in 0..<(zip.count - nameAt - name.count) where Array(zip[at..<at + 4]) == signature && Array(zip[at + nameAt..<at + nameAt + name.count]) == name {
                zip.replaceSubrange(at + sizeAt..<at + sizeAt + 4, with: ImageBytes.le32(0xF000_0000))
            }
        }
        try Data(zip).write(to: url)
    }

    static let shared = Result { try build() }

    @Test func nothingServedAsAPageIsWritten() throws {
        let built = try Self.shared.get()
        #expect(!built.media.isEmpty)
        for name in built.media {
            #expect(name.wholeMatch(of: /[0-9a-f]{20}\.(jpg|png|gif|webp|pdf|zip|ogg|flac|wav|webm|mp4|m4a|mov|mp3|bin)/) != nil, "\(name)")
        }
        // The SVG and the HTML are offered as bytes to save, under their own names.
        for (name, text) in [("evil.svg", "<svg"), ("page.html", "<!doctype")] {
            let copy = try #require(built.media.first { (try? built.bytes($0))?.contains(text) == true }, "\(name)")
            #expect(copy.hasSuffix(".bin"))
            #expect(built.page.contains(#"<a class="file-name" href="../media/\#(copy)" download="\#(name)">\#(name)</a>"#), "\(name)")
        }
    }

    @Test func aPNGWhoseBytesAreHTMLIsNotShown() throws {
        let built = try Self.shared.get()
        let images = built.page.components(separatedBy: "<img ").dropFirst()
        #expect(images.count == 2)   // the photo, in its two messages
        let fake = try #require(built.media.first { (try? built.bytes($0))?.contains("<html>") == true })
        #expect(fake.hasSuffix(".bin"))
        #expect(!images.contains { $0.contains(fake) })
        #expect(built.page.contains(#"download="fake.png">fake.png</a>"#))
    }

    @Test func onePhotoUnderTwoNamesIsOneCopyWithoutItsExif() throws {
        let built = try Self.shared.get()
        let photos = built.media.filter { $0.hasSuffix(".jpg") }
        #expect(photos.count == 1)
        let bytes = try built.bytes(try #require(photos.first))
        #expect(bytes == (try ImageBytes.realJPEG()))
        #expect(!bytes.contains("Exif") && !bytes.contains("SecretPhone"))
        #expect(built.page.components(separatedBy: #"src="../media/\#(photos[0])""#).count == 3)
    }

    @Test func nothingIsReadOrWrittenOutsideTheSite() throws {
        let built = try Self.shared.get()
        let outside = try ImageBytes.realPNG()
        #expect(try built.media.allSatisfy { try built.bytes($0) != outside })
        #expect(built.page.contains(#"<span class="file-name">x.png</span>"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: built.site.url.path).sorted() == [".confab-cache", "content", "public", "x.png"])
        #expect(built.report.diagnostics.map(\.description).contains("content/Zipped.zip: warning: entry '../../x.png' has an unsafe name (absolute, or with '..'); skipped"))
        let root = built.site.url.appendingPathComponent("public").resolvingSymlinksInPath().path + "/"
        for file in try SiteReader.files(in: built.site.url.appendingPathComponent("public"), withExtension: nil) {
            #expect(file.url.resolvingSymlinksInPath().path.hasPrefix(root), "\(file.relative)")
        }
    }

    @Test func filesOverTheCapAreLeftOutWithAWarningAndNeverRead() throws {
        let built = try Self.shared.get()
        let warnings = built.report.diagnostics.map(\.description)
        #expect(warnings.contains("content/ChatExport_2024-03-01/files/huge.mp4: warning: 2048.0 MB, larger than 50.0 MB (media: max_file): left out of the site, only its name is shown"))
        #expect(warnings.contains { $0.hasPrefix("content/Zipped.zip/ChatExport/files/big.mp4: warning: ") && $0.contains("(media: max_file)") })
        #expect(built.page.contains(#"<span class="file-name">huge.mp4</span>"#))
        #expect(!built.media.contains { $0.hasSuffix(".mp4") })
        // A 2 GB file read into memory would take seconds and gigabytes.
        #expect(built.seconds < 60)
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        #expect(usage.ru_maxrss < 1_500_000, "peak \(usage.ru_maxrss) KB")
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let built = try Self.shared.get()
        let again = built.site.url.appendingPathComponent("again")
        defer { try? FileManager.default.removeItem(at: again) }
        _ = try ConfabCore.build(BuildOptions(site: built.site.url, output: again, force: true, tool: "test"))
        let first = try SiteReader.files(in: built.site.url.appendingPathComponent("public"), withExtension: nil)
        let second = try SiteReader.files(in: again, withExtension: nil)
        #expect(first.map(\.relative) == second.map(\.relative))
        for (a, b) in zip(first, second) {
            #expect(try Data(contentsOf: a.url) == Data(contentsOf: b.url), "\(a.relative)")
        }
    }
}

/// A rebuild after a chat changed takes its copies from the last build (named from the
/// cache, kept from the published site) and writes what a full build writes.
@Suite struct MediaRebuildTests {
    @Test func aRebuildKeepsCopiesAndMatchesAFullBuild() throws {
        let site = try ExportSiteTests.site(["telegram/group-folder", "matrix/zip"])
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let result = "content/ChatExport_2024-03-02/result.json"
        try site.write(result, try site.read(result).replacingOccurrences(of: "Hello everyone!", with: "Hello all!"))
        let media = site.url.appendingPathComponent("public/media")
        let before = try FileManager.default.contentsOfDirectory(atPath: media.path).sorted()
        let inodes = try before.map { try FileManager.default.attributesOfItem(atPath: media.appendingPathComponent($0).path)[.systemFileNumber] as? Int }
        let report = try build(BuildOptions(site: site.url, tool: "test"))
        #expect(!report.upToDate)
        #expect(try FileManager.default.contentsOfDirectory(atPath: media.path).sorted() == before)
        // The published copies themselves (hard links), not copies written again.
        #expect(try before.map { try FileManager.default.attributesOfItem(atPath: media.appendingPathComponent($0).path)[.systemFileNumber] as? Int } == inodes)
        let forced = site.url.appendingPathComponent("forced")
        _ = try build(BuildOptions(site: site.url, output: forced, force: true, tool: "test"))
        let first = try SiteReader.files(in: site.url.appendingPathComponent("public"), withExtension: nil)
        let second = try SiteReader.files(in: forced, withExtension: nil)
        #expect(first.map(\.relative) == second.map(\.relative))
        for (a, b) in zip(first, second) { #expect(try Data(contentsOf: a.url) == Data(contentsOf: b.url), "\(a.relative)") }
    }
}

/// Where an export has only a platform's address, pages link it, and say what it takes;
/// nothing on any page loads from another host.
@Suite struct RemoteFileTests {
    @Test func platformFilesAreLinkedNeverLoaded() throws {
        let site = try ExportSiteTests.site(["slack/workspace-folder", "discord/media-folder", "matrix/room-file"])
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let slack = try site.read("public/sessions/slack-acme-general-2024-01-01.html")
        #expect(slack.contains(#"<a class="file-name" href="https://files.slack.com/files-pri/T0/F0/screen_shot.png" rel="nofollow noopener noreferrer">screen shot.png</a> <span class="file-detail">(image/png, 47 KB)</span> <span class="file-note">on the platform, needs a login</span>"#))
        var all = ""
        for file in try SiteReader.files(in: site.url.appendingPathComponent("public"), withExtension: "html") {
            let page = try String(contentsOf: file.url, encoding: .utf8)
            all += page
            for source in page.matches(of: /(?:src|srcset|poster|data)="([^"]*)"/).map({ String($0.output.1) }) {
                #expect(!source.contains("//") && !source.lowercased().hasPrefix("data:"), "\(file.relative): \(source)")
            }
        }
        #expect(all.contains("on the platform, the link may have expired"))
        #expect(all.contains("on the platform, needs a login"))
        // Matrix's mxc addresses are never links.
        #expect(!all.contains("mxc://"))
    }

    @Test(arguments: [
        ("https://cdn.discordapp.com/attachments/1/2/a.png?ex=65&is=64&hm=ab", true),
        ("http://example.org/a.pdf", true),
        ("HTTPS://EXAMPLE.ORG/A", true),
        ("javascript:alert(1)", false),
        ("data:image/svg+xml;base64,PHN2Zz4=", false),
        ("mxc://matrix.org/abc", false),
        ("/user_uploads/2/ab/x.png", false),
        ("https://", false),
        ("https://example.org/a b", false),
        ("https://example.org/\"onmouseover=\"alert(1)", false),
        ("files/a.png", false),
    ])
    func onlyWebAddressesAreKept(_ address: String, _ kept: Bool) {
        #expect((Attachment(name: "a", url: address).url != nil) == kept)
    }

    @Test func slackTokensNeverReachThePage() {
        #expect(SlackReader.fileAddress(["url_private": "https://files.slack.com/files-pri/T0-F0/a.png?t=xoxe-1234"]) == "https://files.slack.com/files-pri/T0-F0/a.png")
        #expect(SlackReader.fileAddress(["permalink": "https://acme.slack.com/files/U0/F0/a.png", "url_private": "https://files.slack.com/x"]) == "https://acme.slack.com/files/U0/F0/a.png")
        #expect(DiscordReader.access("https://cdn.discordapp.com/attachments/1/2/a.png?ex=1") == .mayExpire)
        #expect(DiscordReader.access("https://example.org/a.png") == nil)
    }

    /// slackdump's copies of a workspace's files (`__uploads/<id>/<name>`, `<channel>/attachments/<id>-<name>`).
    @Test func slackdumpsFilesAreFound() {
        let source = Source(path: "content/export", kind: .folder, files: [],
                            media: ["__uploads/F0ABC123/chart.png", "general/attachments/F0DEF456-notes.pdf", "general/attachments/readme.txt", "photos/F0GHI789/x.png"])
        #expect(SlackReader.uploadedFiles(source) == ["F0ABC123": "__uploads/F0ABC123/chart.png", "F0DEF456": "general/attachments/F0DEF456-notes.pdf"])
    }
}
