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

    /// Each transcript's fingerprint, by path, made on every core.
    public static func transcripts(_ input: SiteInput) -> [(path: String, fingerprint: Fingerprint)] {
        Parallel.map(input.transcripts) { file in
            var fingerprint = Fingerprint()
            fingerprint.add(file.path)
            fingerprint.add(file.text)
            return (file.path, fingerprint)
        }
    }

    /// Two FNV-1a lanes with different primes: not cryptographic (a site owner has no
    /// reason to forge a collision with their own files), but 128 bits make an accidental one moot.
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        var count: UInt64 = 0
        for byte in bytes {
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            high = (high ^ UInt64(byte)) &* 0x0000_0001_0000_0193 &+ 0x9E37_79B9
            count &+= 1
        }
        // The length ends each field, so ("ab", "c") and ("a", "bc") differ.
        for shift in stride(from: 0, to: 64, by: 8) {
            low = (low ^ ((count >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
        }
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
