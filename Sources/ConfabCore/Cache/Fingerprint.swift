import Foundation

/// A 128-bit digest of everything a build's output depends on: the tool, the
/// settings, every transcript, the about page and the site's templates. Equal
/// fingerprints mean byte-identical output, which is what lets a rebuild with
/// nothing changed skip the pipeline.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    private var low: UInt64 = 0xCBF2_9CE4_8422_2325
    private var high: UInt64 = 0x6C62_272E_07BB_0142

    public init() {}

    /// The whole input of a build: what every page shares (`setting`), `--strict`, what
    /// reading noticed, and each transcript's own fingerprint (from `transcripts(_:)`).
    public init(setting: Fingerprint, input: SiteInput, strict: Bool,
                transcripts: [(path: String, fingerprint: Fingerprint)]) {
        self = setting
        add(strict ? "strict" : "lenient")
        for diagnostic in input.diagnostics { add(diagnostic.description) }
        for (path, fingerprint) in transcripts { add(path); add(fingerprint.description) }
    }

    /// Everything but the transcripts: the tool, the settings, the about page, the templates.
    public init(setting input: SiteInput, tool: String) {
        add(tool)
        add(String(describing: input.config))
        if let about = input.about { add(about.path); add(about.text) }
        for file in input.templates { add(file.name); file.bytes.withUnsafeBytes { add($0) } }
    }

    /// Each source's fingerprint (its files' paths and texts, its media's names and versions), by path, made on every core.
    public static func transcripts(_ input: SiteInput) -> [(path: String, fingerprint: Fingerprint)] {
        Parallel.map(input.sources) { source in
            var fingerprint = Fingerprint()
            fingerprint.add(source.path)
            for file in source.files {
                if source.kind != .file { fingerprint.add(file.path) }
                fingerprint.add(file.text)
            }
            for name in source.media { fingerprint.add(name) }
            for version in source.mediaVersions { fingerprint.add(version) }
            return (source.path, fingerprint)
        }
    }

    /// Two lanes of multiply and shift over 8 bytes at a time, with different constants:
    /// not cryptographic (a site owner has no reason to forge a collision with their own
    /// files), but 128 bits make an accidental one moot. Word by word because it runs
    /// over every transcript and every cache entry a rebuild reads.
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ add(UnsafeRawBufferPointer($0)) }) == nil { add(Array(bytes)) }
    }

    public mutating func add(_ buffer: UnsafeRawBufferPointer) {
        var index = 0
        while index + 8 <= buffer.count {
            mix(buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        for i in index..<buffer.count { tail |= UInt64(buffer[i]) << UInt64(8 * (i - index)) }
        mix(tail)
        // The length ends each field, so ("ab", "c") and ("a", "bc") differ.
        mix(UInt64(buffer.count))
    }

    private mutating func mix(_ word: UInt64) {
        low = (low ^ word) &* 0x9E37_79B9_7F4A_7C15
        low ^= low >> 29
        high = ((high ^ word) &* 0xC2B2_AE3D_27D4_EB4F) &+ 0x1656_67B1
        high ^= high >> 32
    }

    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    public var description: String { String(high, radix: 16) + ":" + String(low, radix: 16) }
}

extension Fingerprint: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(low); writer.write(high) }
    init(from reader: inout CacheReader) throws {
        low = try reader.read()
        high = try reader.read()
    }
}
