import Foundation
import Testing
@testable import ConfabCore

/// Builds the repository's sample archive into a temporary folder and reads the site.
@Suite struct EndToEndTests {
    @Test func sampleArchiveBuildsIntoABrowsableSite() throws {
        let out = try TemporaryFolder()
        let options = BuildOptions(site: Repository.root, output: out.url.appendingPathComponent("public"))
        let report = try build(options)
        #expect(report.diagnostics.isEmpty)
        #expect((report.sessions, report.messages, report.participants, report.pagesWritten) == (2, 152, 10, 3))

        let index = try out.read("public/index.html")
        // The sample configuration makes #BadgeChatK12 an alias of #BadgeChat: one series.
        let sessionPages = ["sessions/badgechat-2018-03-05.html", "sessions/badgechat-2016-10-03.html"]
        for page in sessionPages {
            #expect(index.contains("href=\"\(page)\""))
            let html = try out.read("public/\(page)")
            #expect(html.contains("href=\"../index.html\""))
            #expect(html.contains("href=\"../style.css\""))
        }

        // Every message of each transcript is on its page, in order, once; reposts are not repeated.
        for (name, page) in zip([Repository.participateSample, Repository.plainSample], sessionPages) {
            let raw = try #require(TranscriptReader.read(try Repository.content(name)).0)
            let html = try out.read("public/\(page)")
            let transcript = try #require(html.range(of: "class=\"transcript\"")).upperBound
            var searchFrom = transcript
            var seen = Set<String>()
            for message in raw.messages where seen.insert(message.text).inserted {
                let text = TextRepair.repairMojibake(message.text)
                let label = QuestionFinder.label(text)
                let body = label.map { String(text.dropFirst($0.raw.count).drop { $0 == " " }) } ?? text
                let found = try #require(html.range(of: htmlEscaped(body), range: searchFrom..<html.endIndex),
                                         "\(name):\(message.line) missing or out of order")
                if let label {
                    #expect(html[searchFrom..<found.lowerBound].contains("<strong class=\"label\">\(label.raw)</strong>"))
                }
                searchFrom = found.upperBound
            }
            #expect(html.components(separatedBy: "<li class=\"message").count - 1 == seen.count + (name == Repository.participateSample ? 1 : 0))
        }
    }

    @Test func everyLinkInTheSiteIsRelativeAndResolves() throws {
        let out = try TemporaryFolder()
        _ = try build(BuildOptions(site: Repository.root, output: out.url.appendingPathComponent("public")))
        let root = out.url.appendingPathComponent("public")
        let pages = try SiteReader.files(in: root, withExtension: "html")
        #expect(pages.count == 3)
        for page in pages {
            let html = try String(contentsOf: page.url, encoding: .utf8)
            let ids = Set(matches(of: #"id="([^"]+)""#, in: html))
            for href in matches(of: #"(?:href|src)="([^"]*)""#, in: html) {
                if href.hasPrefix("https://") { continue }
                #expect(!href.hasPrefix("/") && !href.isEmpty && !href.hasSuffix("/"), "\(page.relative): \(href)")
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                if parts[0].isEmpty {
                    #expect(ids.contains(String(parts[1])), "\(page.relative): dead fragment \(href)")
                    continue
                }
                let target = page.url.deletingLastPathComponent().appendingPathComponent(String(parts[0])).standardizedFileURL
                #expect(target.path.hasPrefix(root.standardizedFileURL.path), "\(page.relative): \(href) leaves the site")
                #expect(FileManager.default.fileExists(atPath: target.path), "\(page.relative): dead link \(href)")
            }
        }
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let out = try TemporaryFolder()
        var builds: [[String: Data]] = []
        for name in ["one", "two"] {
            let folder = out.url.appendingPathComponent(name)
            _ = try build(BuildOptions(site: Repository.root, output: folder))
            builds.append(Dictionary(uniqueKeysWithValues: try SiteReader.files(in: folder, withExtension: nil).map {
                ($0.relative, try Data(contentsOf: $0.url))
            }))
        }
        #expect(builds[0] == builds[1])
        #expect(builds[0].count == 4)
    }

    @Test func strictFailsOnWarningsAndWritesNothing() throws {
        let site = try TemporaryFolder.sampleSite()
        try site.write("content/broken.txt", "no header here\n")
        #expect(throws: StrictFailure.self) {
            try build(BuildOptions(site: site.url, strict: true))
        }
        #expect(!site.exists("public"))
        let report = try build(BuildOptions(site: site.url))
        #expect(report.diagnostics.map(\.location.file) == ["content/broken.txt"])
        #expect(report.sessions == 2)
    }

    func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
