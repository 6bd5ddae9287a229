import Foundation
import Testing
@testable import ConfabCore

/// The repository, located from this file, for reading the sample archive. Tests never write into it.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The team's real exports by format, beside the repository (never copied into it).
    static let formatSamples = root.appendingPathComponent("../shared/samples/formats")

    static func content(_ name: String) throws -> SourceFile {
        let url = root.appendingPathComponent("content").appendingPathComponent(name)
        return SourceFile(path: "content/\(name)", text: try String(contentsOf: url, encoding: .utf8))
    }

    static let participateSample = "badgechat-2018-03-05.txt"
    static let plainSample = "badgechatk12-2016-10-03.txt"

    /// A transcript written for the tests, decoded the way the read stage decodes files.
    static func fixture(_ name: String) throws -> SourceFile {
        let url = root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures").appendingPathComponent(name)
        let (text, _) = TextDecoding.decode(try Data(contentsOf: url), path: "content/\(name)")
        return SourceFile(path: "content/\(name)", text: try #require(text))
    }

    /// The 1-based numbers of the lines that start with `prefix`.
    static func lines(startingWith prefix: String, in file: SourceFile) -> [Int] {
        file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.hasPrefix(prefix) }.map { $0.offset + 1 }
    }
}

/// A folder under the system's temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("confab-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes a file, creating folders on the way.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(path).path)
    }

    /// Every file a build wrote, by path: the output's (`public/…`) and the build cache's
    /// (`.confab-cache/…`), hidden ones too.
    func filesWritten() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["public", BuildCache.folder] {
            let root = url.appendingPathComponent(name)
            guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let file as URL in walk where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                files[name + "/" + String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: file)
            }
        }
        return files
    }

    /// A site folder holding copies of the repository's sample content.
    static func sampleSite() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("content"),
                                         to: folder.url.appendingPathComponent("content"))
        return folder
    }
}

/// Runs the read, normalize and summarize stages on transcripts held in memory.
func archive(_ files: [SourceFile], config: SiteConfig = SiteConfig()) -> (Archive, [Diagnostic]) {
    let (transcripts, readDiagnostics) = TranscriptReader.read(files)
    let (archive, normalizeDiagnostics) = Normalizer.normalize(transcripts, config: config)
    return (archive, readDiagnostics + normalizeDiagnostics)
}

/// The summarize stage on an archive, with its site map.
func summaries(_ archive: Archive, about: String? = nil) -> Summaries {
    Summarizer.summarize(archive, map: SiteMap(archive), about: about)
}

/// The summarize and plan stages on an archive.
func plan(_ archive: Archive, about: String? = nil) -> SitePlan {
    let map = SiteMap(archive)
    return Planner.plan(archive, Summarizer.summarize(archive, map: map, about: about), map: map, version: "test")
}
