import Foundation
import Testing
@testable import ConfabCore

@Suite struct WriteTests {
    let files = [OutputFile(path: "index.html", bytes: Data("home".utf8)),
                 OutputFile(path: "sessions/a.html", bytes: Data("a".utf8))]

    @Test func writesFilesAndReplacesItsOwnEarlierOutput() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        try SiteWriter.write(files, to: output)
        #expect(try folder.read("public/sessions/a.html") == "a")
        #expect(folder.exists("public/\(SiteWriter.marker)"))

        try SiteWriter.write([OutputFile(path: "index.html", bytes: Data("new".utf8))], to: output)
        #expect(try folder.read("public/index.html") == "new")
        #expect(!folder.exists("public/sessions/a.html"), "pages that no longer exist are removed")
        // No staging or old folders are left beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["public"])
    }

    @Test func unchangedFilesKeepTheirBytesAndModificationTimes() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        try SiteWriter.write(files, to: output)
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        for path in ["public/index.html", "public/sessions/a.html"] {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: folder.url.appendingPathComponent(path).path)
        }
        let report = try SiteWriter.write([OutputFile(path: "index.html", bytes: Data("home".utf8)),
                                           OutputFile(path: "sessions/a.html", bytes: Data("changed".utf8)),
                                           OutputFile(path: "sessions/b.html", bytes: Data("b".utf8))], to: output)
        #expect(report == SiteWriter.Report(written: 2, unchanged: 1))
        func modified(_ path: String) throws -> Date? {
            try FileManager.default.attributesOfItem(atPath: folder.url.appendingPathComponent(path).path)[.modificationDate] as? Date
        }
        #expect(try modified("public/index.html") == past)
        #expect(try modified("public/sessions/a.html") != past)
        #expect(try folder.read("public/sessions/a.html") == "changed" && folder.read("public/sessions/b.html") == "b")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["public"])
    }

    /// A file written in parts, through the background writer, as the data export is:
    /// the same bytes as written whole, and kept (modification time too) when unchanged.
    @Test func streamedFilesAreWrittenInPartsAndKeptWhenUnchanged() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        let parts = (0..<1000).map { Array("part \($0) ".utf8) }
        func write(_ parts: [[UInt8]], batch: Int) throws -> SiteWriter.Report {
            let writer = BackgroundWriter(try StagedSite(output: output))
            writer.add(files)
            writer.write(StreamedFile(path: "data/big.json", parts: parts.count) { parts[$0] }, batch: batch)
            return try writer.publish()
        }
        #expect(try write(parts, batch: 7) == SiteWriter.Report(written: 3, unchanged: 0))
        #expect(try folder.read("public/data/big.json") == String(decoding: parts.joined(), as: UTF8.self))
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        let big = folder.url.appendingPathComponent("public/data/big.json").path
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: big)

        #expect(try write(parts, batch: 128) == SiteWriter.Report(written: 0, unchanged: 3))
        #expect(try FileManager.default.attributesOfItem(atPath: big)[.modificationDate] as? Date == past)

        var changed = parts
        changed[999] = Array("last part changed".utf8)
        #expect(try write(changed, batch: 128) == SiteWriter.Report(written: 1, unchanged: 2))
        #expect(try folder.read("public/data/big.json").hasSuffix("part 998 last part changed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["public"])
    }

    /// A write that fails stops the build with its reason; the published site stays.
    @Test func aFailedBackgroundWriteIsReportedAndPublishesNothing() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        try SiteWriter.write(files, to: output)
        let writer = BackgroundWriter(try StagedSite(output: output))
        writer.add([OutputFile(path: "../escape.html", bytes: Data("x".utf8))])
        writer.add(files)
        #expect(throws: ConfabError("unsafe output path '../escape.html'")) { try writer.publish() }
        #expect(try folder.read("public/index.html") == "home")
    }

    @Test func foldersLeftByKilledBuildsAreRemoved() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        try SiteWriter.write(files, to: output)
        try folder.write(".public.confab-new-99999999/index.html", "half")
        try folder.write(".public.confab-old-12345/index.html", "old")
        try folder.write(".public.confab-newsletter/keep.txt", "not ours")
        try SiteWriter.write(files, to: output)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
                == [".public.confab-newsletter", "public"])
    }

    @Test func aSiteRenamedAwayByAKilledSwapIsPutBack() throws {
        let folder = try TemporaryFolder()
        // Killed between the two renames of a file system without an atomic exchange.
        try folder.write(".public.confab-old-4242/index.html", "previous")
        try folder.write(".public.confab-old-4242/\(SiteWriter.marker)", "")
        try folder.write(".public.confab-new-4242/index.html", "half")
        try SiteWriter.write([OutputFile(path: "index.html", bytes: Data("previous".utf8))], to: folder.url.appendingPathComponent("public"))
        #expect(try folder.read("public/index.html") == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["public"])
    }

    @Test func aSymlinkInThePreviousOutputIsReplacedByAFile() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        try SiteWriter.write(files, to: output)
        let outside = try folder.write("shared.html", "home")
        let index = output.appendingPathComponent("index.html")
        try FileManager.default.removeItem(at: index)
        try FileManager.default.createSymbolicLink(at: index, withDestinationURL: outside)
        try SiteWriter.write(files, to: output)
        #expect(try FileManager.default.attributesOfItem(atPath: index.path)[.type] as? FileAttributeType == .typeRegular)
    }

    @Test func aSymlinkedOutputIsUpdatedWhereItPoints() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("www")
        try SiteWriter.write([OutputFile(path: "index.html", bytes: Data("old".utf8))], to: target)
        let link = folder.url.appendingPathComponent("public")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try SiteWriter.write([OutputFile(path: "index.html", bytes: Data("new".utf8))], to: link)
        #expect(try folder.read("www/index.html") == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
    }

    @Test func neverReplacesAFolderConfabDidNotWrite() throws {
        let folder = try TemporaryFolder()
        try folder.write("Documents/letter.txt", "keep me")
        #expect(throws: ConfabError.self) {
            try SiteWriter.write(files, to: folder.url.appendingPathComponent("Documents"))
        }
        #expect(try folder.read("Documents/letter.txt") == "keep me")
    }

    @Test func aFailedWriteLeavesThePreviousSite() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        try SiteWriter.write(files, to: output)
        #expect(throws: ConfabError.self) {
            try SiteWriter.write([OutputFile(path: "ok.html", bytes: Data()), OutputFile(path: "../escape.html", bytes: Data())], to: output)
        }
        #expect(try folder.read("public/index.html") == "home")
        #expect(!folder.exists("escape.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["public"])
    }

    @Test(arguments: ["../x.html", "/etc/x", "a/../../x", "", "a//b", "./a"])
    func refusesPathsThatCouldLeaveTheOutput(path: String) {
        #expect(throws: ConfabError.self) {
            try SiteWriter.checkSafe(path)
        }
    }

    @Test func refusesOutputsThatWouldDestroySources() throws {
        let site = try TemporaryFolder()
        for output in [".", "content", "templates", "content/public", "/"] {
            let url = output.hasPrefix("/") ? URL(fileURLWithPath: output) : site.url.appendingPathComponent(output)
            #expect(throws: ConfabError.self, "\(output)") { try OutputLocation.check(url, site: site.url) }
        }
        #expect(throws: ConfabError.self) { try OutputLocation.check(site.url.deletingLastPathComponent(), site: site.url) }
        try OutputLocation.check(site.url.appendingPathComponent("public"), site: site.url)
        try OutputLocation.check(site.url.appendingPathComponent("../elsewhere"), site: site.url)
    }

    @Test func aSiteInsideTheHomeFolderBuildsButNeverIntoHome() throws {
        let home = try TemporaryFolder()
        let site = home.url.appendingPathComponent("projects/my-chat")
        try OutputLocation.check(site.appendingPathComponent("public"), site: site, home: home.url.path)
        let elsewhere = try TemporaryFolder()
        #expect(throws: ConfabError.self) { try OutputLocation.check(home.url, site: elsewhere.url, home: home.url.path) }
    }
}
