import Foundation
import Testing
@testable import ConfabCore

/// Runs the built `confab` binary the way a user or CI does.
@Suite struct CommandLineTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        // Tests run from the build products folder, where SwiftPM also puts `confab`.
        let products = Bundle.main.bundleURL
        for folder in [products, products.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("confab")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return products.appendingPathComponent("confab")
    }()

    func run(_ arguments: [String], in folder: URL) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func versionAndHelp() throws {
        let folder = try TemporaryFolder()
        let version = try run(["--version"], in: folder.url)
        #expect(version.status == 0)
        #expect(version.stdout == "\(confabVersion)\n")
        let help = try run(["build", "--help"], in: folder.url)
        #expect(help.status == 0)
        for option in ["--site", "--output", "--quiet", "--strict"] { #expect(help.stdout.contains(option)) }
    }

    @Test func buildInASiteFolderWritesPublicAndPrintsOneLine() throws {
        let site = try TemporaryFolder.sampleSite()
        let result = try run(["build"], in: site.url)
        #expect(result.status == 0)
        #expect(result.stderr == EndToEndTests.noBaseURL + "\n")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("2 sessions, 152 messages, 10 participants, 31 pages written to ") == true)
        #expect(lines.first?.hasSuffix(" s") == true)
        #expect(site.exists("public/index.html"))
        #expect(site.exists("public/sessions/badgechat-2018-03-05.html") && site.exists("public/sessions/badgechat-2016-10-03.html"))
        let files = try #require(lines.first?.firstMatch(of: /\((\d+) files, (\d+) changed\)/))
        #expect(files.1 == files.2, "a first build writes every file")

        let again = try run(["build", "--quiet"], in: site.url)
        #expect(again.status == 0)
        let upToDate = try run(["build"], in: site.url)
        #expect(upToDate.stdout.hasPrefix("2 sessions, 152 messages, 10 participants, 31 pages in ./public up to date: nothing changed since the last build (--force rebuilds) in "))
        #expect(upToDate.stderr == EndToEndTests.noBaseURL + "\n", "the last build's warnings again")
        let rebuilt = try run(["build", "--force"], in: site.url)
        #expect(rebuilt.stdout.contains("(\(files.1) files, 0 changed)"), "nothing changed, nothing rewritten")
    }

    @Test func siteAndOutputOptionsAndQuiet() throws {
        let site = try TemporaryFolder.sampleSite()
        let elsewhere = try TemporaryFolder()
        let result = try run(["build", "--site", site.url.path, "--output", "out", "--quiet"], in: elsewhere.url)
        #expect(result.status == 0)
        #expect(result.stdout == "" && result.stderr == "")
        #expect(elsewhere.exists("out/index.html"))
        #expect(!site.exists("public"))
    }

    @Test func failuresExitNonZeroWithOneLineReason() throws {
        let empty = try TemporaryFolder()
        let missing = try run(["build"], in: empty.url)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("confab: error: no content folder at "))
        #expect(missing.stderr.split(separator: "\n").count == 1)

        let site = try TemporaryFolder.sampleSite()
        let intoContent = try run(["build", "--output", "content"], in: site.url)
        #expect(intoContent.status == 1)
        #expect(intoContent.stderr.contains("is the content folder"))

        let unknown = try run(["build", "--colour"], in: site.url)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--colour'"))
    }

    @Test func warningsNameFileAndLineAndStrictFails() throws {
        let site = try TemporaryFolder.sampleSite()
        try site.write("content/zone.txt", "#demo Archive\n\nMonday January 1, 2024\n6:00 PM XYZT\n\n  • a Jan 1 @ 6:01 PM XYZT\n    hi\n")
        let lenient = try run(["build"], in: site.url)
        #expect(lenient.status == 0)
        #expect(lenient.stderr == EndToEndTests.noBaseURL + "\ncontent/zone.txt:3: warning: unknown time zone 'XYZT'; times read as UTC\n")

        let strict = try run(["build", "--strict", "--output", "strict-out"], in: site.url)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("content/zone.txt:3: warning: unknown time zone"))
        #expect(strict.stderr.contains("confab: error: 2 warnings with --strict; nothing written"))
        #expect(!site.exists("strict-out"))
    }

    @Test func checkPrintsCountsAndFailsOnlyWhenItShould() throws {
        let site = try TemporaryFolder.sampleSite()
        let clean = try run(["check"], in: site.url)
        #expect(clean.status == 0)
        #expect(clean.stdout.hasSuffix("archive: 2 sessions in 1 series, 152 messages, 10 participants, 2 mentioned only, 8 questions, 50 answers\n"))
        #expect(!site.exists("public"), "check writes nothing")

        try site.write("content/zone.txt", "#demo Archive\n\nMonday January 1, 2024\n6:00 PM XYZT\n\n  • a Jan 1 @ 6:01 PM XYZT\n    hi\n")
        #expect(try run(["check"], in: site.url).status == 0)
        let strict = try run(["check", "--strict"], in: site.url)
        #expect(strict.status == 1)
        #expect(strict.stderr.hasSuffix("confab: error: 2 warnings with --strict\n"))

        let empty = try TemporaryFolder()
        try empty.write("content/picture.txt", "\u{0}\u{1}binary")
        let none = try run(["check"], in: empty.url)
        #expect(none.status == 1)
        #expect(none.stderr.contains("content: error: no sessions: none of the transcripts or exports could be read"))
    }

    @Test func aBuildWithNoSessionsKeepsThePreviousSite() throws {
        let site = try TemporaryFolder.sampleSite()
        #expect(try run(["build"], in: site.url).status == 0)
        for name in [Repository.participateSample, Repository.plainSample] {
            try site.write("content/\(name)", "\u{0}garbled")
        }
        let broken = try run(["build"], in: site.url)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("confab: error: 1 error; nothing written"))
        #expect(try site.read("public/index.html").contains("badgechat-2018-03-05.html"))
    }

    @Test func templateErrorNamesTheSiteTemplate() throws {
        let site = try TemporaryFolder.sampleSite()
        try site.write("templates/index.mustache", "{{<layout}}\n{{$main}}\n{{#sessions}}\n{{/main}}\n{{/layout}}\n")
        let result = try run(["build"], in: site.url)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("confab: error: templates/index.mustache:"))
    }
}
