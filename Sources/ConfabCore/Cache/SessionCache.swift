import Foundation

/// Normalized sessions kept between builds, in `.confab-cache/<output name>.sessions/`:
/// a file per transcript, named by the fingerprint of everything its reading depends
/// on (the transcript's path and text, the settings, the tool). A rebuild reads the
/// sessions of unchanged transcripts back instead of reading and normalizing them again.
/// The cache is a help, never a source of truth: an entry that cannot be read or
/// written is a miss, and the build goes on.
struct SessionCache: Sendable {
    /// Written first in each entry; another layout is a miss.
    static let format = "confab sessions 7"

    let folder: URL
    /// Each transcript's entry name, in input order.
    let names: [String]
    /// `--force`: every transcript is read again, and its entry written anew.
    let force: Bool

    init(output: URL, transcripts: [(path: String, fingerprint: Fingerprint)], config: SiteConfig, tool: String, force: Bool) {
        folder = BuildCache.cacheURL(for: output, suffix: ".sessions")
        var setting = Fingerprint()
        setting.add(Self.format)
        setting.add(tool)
        setting.add(String(describing: config))
        names = transcripts.map { _, fingerprint in
            var key = setting
            key.add(fingerprint.description)
            return key.description.replacingOccurrences(of: ":", with: "-")
        }
        self.force = force
    }

    /// The transcript's reading as a build with the same input left it, if one did.
    func reading(_ index: Int) -> SourceReading<BuiltSession>? {
        force ? nil : CacheFolder.load(SourceReading<BuiltSession>.self, from: folder.appendingPathComponent(names[index]), format: Self.format)
    }

    /// Keeps a reading for the next build.
    func store(_ reading: SourceReading<BuiltSession>, _ index: Int) {
        CacheFolder.store(reading, at: folder.appendingPathComponent(names[index]), format: Self.format)
    }

    /// Removes the entries this build did not use (transcripts changed or gone, old settings)
    /// and any a killed build left half written.
    func prune() { CacheFolder.prune(folder, keeping: Set(names)) }
}

extension SourceReading: CacheCodable where Result == BuiltSession {
    func encode(to writer: inout CacheWriter) {
        writer.write(copyKey.digest)
        writer.write(result)
        writer.write(diagnostics)
    }

    init(from reader: inout CacheReader) throws {
        self.init(copyKey: SourceReader.CopyKey(digest: try reader.read()), result: try reader.read(), diagnostics: try reader.read())
    }
}
