import Foundation

/// What the last successful build read and wrote, kept in `.confab-cache/` beside the
/// output: the fingerprint of its input, its report, and a stamp of every file it left.
public struct BuildRecord: Equatable, Sendable {
    public struct Stamp: Equatable, Sendable {
        var path: String
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int64
        var inode: UInt64
    }

    var fingerprint: String
    var sessions: Int
    var messages: Int
    var participants: Int
    var pages: Int
    /// Files written, the output's marker aside.
    var outputFiles: Int
    var diagnostics: [Diagnostic]
    var files: [Stamp]
    /// Each page's key (`PageKeys`), by path, for pages that have one.
    var pageKeys: [String: String]
}

/// The build cache: a rebuild whose input has the fingerprint of the last build, with
/// the output still exactly as that build left it, has nothing to do.
public enum BuildCache {
    public static let folder = ".confab-cache"

    /// `<parent>/.confab-cache/<output name>.record`, so several outputs of one site keep apart.
    static func recordURL(for output: URL) -> URL { cacheURL(for: output, suffix: ".record") }

    /// Written first in the record; another layout is no record.
    static let recordFormat = "confab record 2"

    /// The last build's record, if it left one this build can read.
    static func record(for output: URL) -> BuildRecord? {
        CacheFolder.load(BuildRecord.self, from: recordURL(for: output), format: recordFormat)
    }

    /// `<parent>/.confab-cache/<output name><suffix>`: what the cache keeps for this output.
    static func cacheURL(for output: URL, suffix: String) -> URL {
        let output = output.standardizedFileURL.resolvingSymlinksInPath()
        return output.deletingLastPathComponent().appendingPathComponent(folder)
            .appendingPathComponent(output.lastPathComponent + suffix)
    }

    /// The last build's report, as a build that changed nothing, when its fingerprint is
    /// `fingerprint` and its output is untouched.
    static func upToDate(_ fingerprint: Fingerprint, output: URL) -> BuildReport? {
        guard let record = record(for: output),
              record.fingerprint == fingerprint.description,
              let found = stamps(in: output.standardizedFileURL.resolvingSymlinksInPath()),
              found == record.files
        else { return nil }
        return BuildReport(timings: [], sessions: record.sessions, messages: record.messages, participants: record.participants,
                           pagesWritten: record.pages, filesWritten: record.outputFiles, filesChanged: 0,
                           diagnostics: record.diagnostics, upToDate: true)
    }

    /// Records a finished build, its pages' keys and the files its output holds now.
    static func save(_ report: BuildReport, fingerprint: Fingerprint, pageKeys: [String: String], output: URL) {
        guard let stamps = stamps(in: output) else { return }
        save(BuildRecord(fingerprint: fingerprint.description, sessions: report.sessions, messages: report.messages,
                         participants: report.participants, pages: report.pagesWritten, outputFiles: report.filesWritten,
                         diagnostics: report.diagnostics, files: stamps, pageKeys: pageKeys), for: output)
    }

    /// Every page's and keyed file's key, by path, and those whose key and file are what
    /// the last build left.
    static func pages(_ pages: [Page], files: [DeferredFile] = [], keys: PageKeys, output: URL, force: Bool)
        -> (keys: [String: String], unchanged: Set<String>) {
        var current = Dictionary(uniqueKeysWithValues: pages.compactMap { page in keys.key(page).map { (page.path, $0) } })
        for file in files { if let key = file.key { current[file.path] = key } }
        let reusable = force ? [:] : reusablePages(output: output)
        return (current, Set(current.filter { reusable[$0.key] == $0.value }.keys))
    }

    /// The last build's page keys, by path, for pages whose files are still as it left them.
    static func reusablePages(output: URL) -> [String: String] {
        let output = output.standardizedFileURL.resolvingSymlinksInPath()
        guard let record = record(for: output) else { return [:] }
        var reusable: [String: String] = [:]
        for stamp in record.files {
            guard let key = record.pageKeys[stamp.path], stamp == self.stamp(output.path + "/" + stamp.path, path: stamp.path) else { continue }
            reusable[stamp.path] = key
        }
        return reusable
    }

    /// Best effort: a cache that cannot be written costs the next build time, not this one its result.
    static func save(_ record: BuildRecord, for output: URL) {
        let url = recordURL(for: output)
        CacheFolder.removeTemporaries(of: url)   // a build killed while saving left its own
        try? FileManager.default.removeItem(at: cacheURL(for: output, suffix: ".json"))   // the record of Confab before 2026-11-24
        CacheFolder.store(record, at: url, format: recordFormat)
    }

    /// Every file below `output` with its size, modification time and inode, sorted by
    /// path; a rewritten, added or removed file changes the list. Nil when there is no output.
    static func stamps(in output: URL) -> [BuildRecord.Stamp]? {
        guard let paths = FileManager.default.subpaths(atPath: output.path) else { return nil }
        var stamps: [BuildRecord.Stamp] = []
        stamps.reserveCapacity(paths.count)
        for path in paths.sorted() {
            var info = stat()
            guard lstat(output.path + "/" + path, &info) == 0 else { return nil }
            guard (info.st_mode & S_IFMT) != S_IFDIR else { continue }
            stamps.append(stamp(info, path: path))
        }
        return stamps
    }

    static func stamp(_ info: stat, path: String) -> BuildRecord.Stamp {
        let modified = modificationTime(info)
        return .init(path: path, size: Int64(info.st_size), modified: Int64(modified.tv_sec),
                     modifiedNanoseconds: Int64(modified.tv_nsec), inode: UInt64(info.st_ino))
    }

    /// A regular file's stamp; nil when there is none.
    static func stamp(_ file: String, path: String) -> BuildRecord.Stamp? {
        var info = stat()
        guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return stamp(info, path: path)
    }

    static func modificationTime(_ info: stat) -> timespec {
        #if canImport(Darwin)
        info.st_mtimespec
        #else
        info.st_mtim
        #endif
    }
}

extension BuildRecord: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(fingerprint); writer.write(sessions); writer.write(messages); writer.write(participants)
        writer.write(pages); writer.write(outputFiles); writer.write(diagnostics); writer.write(files); writer.write(pageKeys)
    }

    init(from reader: inout CacheReader) throws {
        self.init(fingerprint: try reader.read(), sessions: try reader.read(), messages: try reader.read(),
                  participants: try reader.read(), pages: try reader.read(), outputFiles: try reader.read(),
                  diagnostics: try reader.read(), files: try reader.read(), pageKeys: try reader.read())
    }
}

extension BuildRecord.Stamp: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(path); writer.write(Int(size)); writer.write(Int(modified)); writer.write(Int(modifiedNanoseconds)); writer.write(inode)
    }

    init(from reader: inout CacheReader) throws {
        self.init(path: try reader.read(), size: Int64(try reader.read() as Int), modified: Int64(try reader.read() as Int),
                  modifiedNanoseconds: Int64(try reader.read() as Int), inode: try reader.read())
    }
}
