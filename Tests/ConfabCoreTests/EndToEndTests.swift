import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ConfabCore

/// Builds the repository's sample archive into a temporary folder and reads the site
/// the way a browser would: files, links, fragments and microformats.
@Suite struct EndToEndTests {
    /// The built site: every file's text by output path.
    struct Site {
        let folder: TemporaryFolder
        let report: BuildReport
        let pages: [String: String]

        init() throws {
            folder = try TemporaryFolder()
            report = try build(BuildOptions(site: Repository.root, output: folder.url.appendingPathComponent("public")))
            pages = Dictionary(uniqueKeysWithValues: try SiteReader.files(in: folder.url.appendingPathComponent("public"), withExtension: "html").map {
                ($0.relative, try String(contentsOf: $0.url, encoding: .utf8))
            })
        }
    }

    @Test func sampleArchiveBuildsIntoABrowsableSite() throws {
        let site = try Site()
        #expect(site.report.diagnostics.map(\.description) == [Self.noBaseURL])
        #expect((site.report.sessions, site.report.messages, site.report.participants) == (2, 152, 10))
        #expect(site.report.pagesWritten == site.pages.count)
        for page in ["index.html", "404.html", "people/index.html", "people/by-name.html", "people/kyle_clements1.html",
                     "people/stephdeluca16.html", "questions/index.html", "questions/badgechat-2018-03-05-q1.html",
                     "series/index.html", "series/badgechat.html"] {
            #expect(site.pages[page] != nil, "\(page)")
        }
        let index = try #require(site.pages["index.html"])
        let sessionPages = ["sessions/badgechat-2018-03-05.html", "sessions/badgechat-2016-10-03.html"]
        for page in sessionPages { #expect(index.contains("href=\"\(page)\"")) }

        // Every message of each transcript is on its page, in order, once; reposts are not repeated.
        for (name, page) in zip([Repository.participateSample, Repository.plainSample], sessionPages) {
            let raw = try #require(TranscriptReader.read(try Repository.content(name)).0)
            let html = try #require(site.pages[page])
            let start = try #require(html.range(of: "class=\"transcript\"")).lowerBound
            // Compared without whitespace: the page sets labels apart (`A1Helps` shows as `A1 Helps`).
            let transcript = Self.text(of: String(html[start...])).filter { !$0.isWhitespace }
            var searchFrom = transcript.startIndex
            var seen = Set<String>()
            for message in raw.messages where seen.insert(message.text).inserted {
                let text = HTML.escape(TextRepair.repairMojibake(message.text)).filter { !$0.isWhitespace }
                let found = try #require(transcript.range(of: text, range: searchFrom..<transcript.endIndex),
                                         "\(name):\(message.line) missing or out of order")
                searchFrom = found.upperBound
            }
            let recovered = name == Repository.participateSample ? 1 : 0
            #expect(html.components(separatedBy: "<li class=\"message h-entry").count - 1 == seen.count + recovered)
        }
    }

    @Test func everyLinkAndFragmentResolves() throws {
        let site = try Site()
        var ids: [String: Set<String>] = [:]
        for (path, html) in site.pages { ids[path] = Set(Self.matches(#"\sid="([^"]+)""#, in: html)) }
        var checked = 0
        for (path, html) in site.pages {
            for href in Self.matches(#"\s(?:href|src)="([^"]*)""#, in: html) {
                if href.hasPrefix("https://") || href.hasPrefix("http://") { continue }
                #expect(!href.isEmpty && !href.hasPrefix("/") && !href.hasSuffix("/"), "\(path): \(href)")
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? path : Self.resolve(parts[0], from: path)
                let exists = site.pages[target] != nil || site.folder.exists("public/\(target)")
                #expect(exists, "\(path): dead link \(href)")
                if parts.count == 2 {
                    #expect(ids[target]?.contains(parts[1]) == true, "\(path): dead fragment \(href)")
                }
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test func personPagesListExactlyTheirMessages() throws {
        let site = try Site()
        let (archive, _, _) = try readArchive(site: Repository.root)
        let map = SiteMap(archive)
        for person in archive.participants {
            let html = try #require(site.pages["people/\(person.key).html"])
            let expected = archive.sessions.indices.flatMap { s in
                archive.sessions[s].messages.filter { $0.authorKey == person.key }.map { "\(map.sessions[s])#\($0.id)" }
            }
            let listed = Self.matches(#"class="permalink u-url" href="\.\./([^"]+)""#, in: html)
            #expect(Set(listed) == Set(expected), "\(person.handle)")
            #expect(listed.count == expected.count, "\(person.handle)")
        }
    }

    @Test func questionPagesListExactlyTheLinkedAnswers() throws {
        let site = try Site()
        let (archive, _, _) = try readArchive(site: Repository.root)
        let map = SiteMap(archive)
        for (s, session) in archive.sessions.enumerated() {
            for question in session.questions {
                let html = try #require(site.pages[map.question(session: s, number: question.number)])
                let answers = Self.matches(#"<li class="answer">\s*<ol class="messages">\s*<li[^>]*>\s*<a class="permalink u-url" href="\.\./([^"]+)""#, in: html)
                #expect(answers == question.answerIDs.map { "\(map.sessions[s])#\($0)" }, "\(session.source.file) Q\(question.number)")
            }
        }
    }

    @Test func everyMessageIsAnHEntryWithAuthorTimeAndPermalink() throws {
        let site = try Site()
        var entries = 0
        for (path, html) in site.pages {
            let blocks = html.components(separatedBy: "<li class=\"message h-entry").dropFirst()
            for block in blocks {
                let entry = String(block[..<(block.range(of: "</li>")?.lowerBound ?? block.endIndex)])
                #expect(entry.contains("class=\"permalink u-url\" href=\""), "\(path)")
                // A full instant with its offset, or only the day for messages the transcript gives no time.
                #expect(Self.matches(#"class="dt-published" datetime="(\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d))?)""#, in: entry).count == 1, "\(path)")
                #expect(entry.contains("class=\"text e-content\""), "\(path)")
                // The plain sample records no authors; every other message names one.
                if !path.contains("2016-10-03") { #expect(entry.contains("class=\"author p-author h-card\" href=\""), "\(path)") }
                entries += 1
            }
        }
        #expect(entries > 250)
        let session = try #require(site.pages["sessions/badgechat-2018-03-05.html"])
        #expect(session.contains("class=\"h-feed\""))
        #expect(session.contains("class=\"u-in-reply-to\" href=\"#m2\">maeward2311 at 6:31 PM</a>"))
        #expect(!(site.pages["index.html"] ?? "").contains("aria-label=\"Breadcrumb\""), "no empty breadcrumb landmark")
        #expect(session.contains("class=\"u-quotation-of\" href=\"#m"))
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
        #expect(builds[0].count > 25)
    }

    @Test func aboutPageFromContentAboutMarkdown() throws {
        let site = try TemporaryFolder.sampleSite()
        try site.write("content/about.md", "# About us\n\nWe chat *weekly*. <script>x</script>\n")
        _ = try build(BuildOptions(site: site.url))
        let about = try site.read("public/about.html")
        #expect(about.contains("<h1>About</h1>") && about.contains("<h2>About us</h2>") && about.contains("<em>weekly</em>") && !about.contains("<script>x"))
        #expect(try site.read("public/index.html").contains("<a href=\"about.html\">About</a>"))
    }

    @Test func ownersMarkdownHoldsRawHTMLOnlyWhenTheConfigSaysSo() throws {
        let site = try TemporaryFolder.sampleSite()
        try site.write("content/about.md", "Our <abbr title=\"Open Badges\">OB</abbr> chat.\n")
        try site.write("content/site.yaml", "description: Weekly <b>chat</b>.\n")
        _ = try build(BuildOptions(site: site.url))
        #expect(try !site.read("public/about.html").contains("<abbr") && !site.read("public/index.html").contains("<b>chat"))

        try site.write("content/site.yaml", "description: Weekly <b>chat</b>.\nraw_html: true\n")
        _ = try build(BuildOptions(site: site.url))
        #expect(try site.read("public/about.html").contains("<abbr title=\"Open Badges\">OB</abbr>"))
        #expect(try site.read("public/index.html").contains("Weekly <b>chat</b>."))
        // Transcripts stay escaped whatever the switch says.
        try site.write("content/x.txt", "#demo Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n  • x Jan 1 @ 6:01 PM UTC\n    <b>bold</b> <img src=x onerror=alert(1)>\n")
        _ = try build(BuildOptions(site: site.url))
        let session = try site.read("public/sessions/demo-2024-01-01.html")
        #expect(session.contains("&lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;") && !session.contains("<img src=x"))
    }

    @Test func strictFailsOnWarningsAndWritesNothing() throws {
        let site = try TemporaryFolder.sampleSite()
        try site.write("content/broken.txt", "no header here\n")
        #expect(throws: InputFailure.self) {
            try build(BuildOptions(site: site.url, strict: true))
        }
        #expect(!site.exists("public"))
        let report = try build(BuildOptions(site: site.url))
        #expect(report.diagnostics.map(\.location.file) == ["content/site.yaml", "content/broken.txt"])
        #expect(report.sessions == 2)
    }

    static let noBaseURL = "content/site.yaml: warning: no base_url: feed.xml, sitemap.xml and robots.txt need absolute addresses and are not written"

    @Test func feedSitemapAndRobotsWithABaseURL() throws {
        let site = try TemporaryFolder.sampleSite()
        let config = try site.read("content/site.yaml").replacingOccurrences(of: "base_url: \"\"", with: "base_url: https://example.org/chat/")
        try site.write("content/site.yaml", config)
        let report = try build(BuildOptions(site: site.url))
        #expect(report.diagnostics.isEmpty)

        let feed = try XMLDocument(data: Data(try site.read("public/feed.xml").utf8))
        let entries = try feed.nodes(forXPath: "/*[local-name()='feed']/*[local-name()='entry']")
        #expect(entries.count == 2)
        let ids = try feed.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='id']").map { $0.stringValue ?? "" }
        #expect(ids == ["https://example.org/chat/sessions/badgechat-2018-03-05.html", "https://example.org/chat/sessions/badgechat-2016-10-03.html"])
        let content = try feed.nodes(forXPath: "//*[local-name()='entry'][1]/*[local-name()='content']").first?.stringValue ?? ""
        #expect(content.hasPrefix("<h2>Recap: #badgechat on Monday, March 5, 2018</h2>"))
        #expect(content.contains("href=\"https://example.org/chat/sessions/badgechat-2018-03-05.html#m12\""))

        let sitemap = try XMLDocument(data: Data(try site.read("public/sitemap.xml").utf8))
        let locations = try sitemap.nodes(forXPath: "//*[local-name()='loc']").map { $0.stringValue ?? "" }
        #expect(locations.count == report.pagesWritten - 2, "every page but 404.html and search.html")
        #expect(locations.contains("https://example.org/chat/people/senorg.html"))
        // Crawlers read robots.txt only at a host's root, which this base URL is not.
        #expect(!site.exists("public/robots.txt"))
        #expect(try site.read("public/index.html").contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"#BadgeChat archive\" href=\"https://example.org/chat/feed.xml\">"))

        try site.write("content/site.yaml", config.replacingOccurrences(of: "https://example.org/chat/", with: "HTTPS://example.org/"))
        _ = try build(BuildOptions(site: site.url))
        #expect(try site.read("public/robots.txt") == "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n")
    }

    @Test func withoutABaseURLThereIsAWarningAndNoBrokenFeed() throws {
        let site = try Site()
        #expect(site.report.diagnostics.map(\.description) == [Self.noBaseURL])
        #expect(!site.folder.exists("public/feed.xml") && !site.folder.exists("public/sitemap.xml"))
    }

    /// `../people/x.html` from `sessions/a.html` → `people/x.html`.
    static func resolve(_ href: String, from page: String) -> String {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in href.split(separator: "/") {
            if part == ".." { parts = parts.dropLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    /// The page's text with tags removed (entities stay escaped).
    static func text(of html: String) -> String {
        html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

/// `data/archive.json` against its published JSON Schema, and back again.
@Suite struct DataExportTests {
    @Test func exportMatchesItsSchemaAndRoundTrips() throws {
        let site = try EndToEndTests.Site()
        let data = try Data(contentsOf: site.folder.url.appendingPathComponent("public/data/archive.json"))

        // Validated by the reference implementation (Python jsonschema), as a user's tool would.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); data = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema).validate(data)
            """, site.folder.url.appendingPathComponent("public/data/archive.schema.json").path,
            site.folder.url.appendingPathComponent("public/data/archive.json").path]
        let errors = Pipe()
        check.standardError = errors
        try check.run()
        check.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(check.terminationStatus == 0, "schema validation (needs python3 with jsonschema, which `make test` installs): \(message)")

        let export = try JSONDecoder().decode(ArchiveExport.self, from: data)
        #expect(export.encoded() == data, "decoding and encoding again gives the same bytes")
        #expect(export.sessions.map(\.id) == ["badgechat-2016-10-03", "badgechat-2018-03-05"])
        #expect(export.sessions.reduce(0) { $0 + $1.messages.count } == 152)
        let recovered = try #require(export.sessions[1].messages.first { $0.knownOnlyFromQuote })
        #expect(recovered.author == "ebarnes73" && recovered.time == "2018-03-05T23:50:00Z")
        #expect(export.sessions[1].messages.last?.quotes == [recovered.id])
        #expect(export.sessions[0].questions[0].message == nil && export.sessions[0].questions[0].answers.count == 9)
        #expect(export.sessions[0].messages.allSatisfy { $0.time == nil && $0.author == nil })
        #expect(export.mentioned.map(\.handle) == ["aurorak12", "StephDeLuca16"])
    }

    /// The hand-written encoding is Foundation's JSONEncoder (sorted keys, unescaped slashes)
    /// byte for byte, but for `<`, `>` and `&`, which JSON.string escapes.
    @Test func exportIsWhatJSONEncoderWritesWithScriptSafeEscapes() throws {
        let site = try EndToEndTests.Site()
        let data = try Data(contentsOf: site.folder.url.appendingPathComponent("public/data/archive.json"))
        let export = try JSONDecoder().decode(ArchiveExport.self, from: data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try encoder.encode(export) + Data("\n".utf8)
        let ours = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\u003c", with: "<")
            .replacingOccurrences(of: "\\u003e", with: ">").replacingOccurrences(of: "\\u0026", with: "&")
        #expect(ours == String(decoding: foundation, as: UTF8.self))
        #expect(ours != String(decoding: data, as: UTF8.self), "the sample has an & to escape")
    }

    /// Strings that need every escape survive the trip through JSONDecoder.
    @Test func exportStringsRoundTrip() throws {
        let tricky = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} nul \u{0} <script>&amp; \u{2028}\u{2029} é 日本 🎉"
        let message = ArchiveExport.MessageExport(
            id: "m1", url: "sessions/x.html#m1", author: nil, handle: tricky, role: nil, time: nil, localTime: nil, text: tricky,
            label: .init(kind: "question", number: 1, raw: tricky), entities: [.init(kind: "url", value: tricky, start: 0, end: 3)],
            replyTo: [tricky], inReplyTo: nil, quotes: [], repostLines: [2, 3], knownOnlyFromQuote: true, line: 7)
        let session = ArchiveExport.SessionExport(
            id: "x", url: "sessions/x.html", recap: "sessions/x.md", series: "x", hashtag: "#x", title: tricky, description: "",
            date: "2024-01-01", start: "2024-01-01T00:00:00Z", startLocal: "12:00 AM", zone: "UTC", utcOffsetMinutes: 0,
            format: "plain", source: "content/x.txt", messages: [message],
            questions: [.init(number: 1, url: "questions/x-q1.html", message: nil, text: tricky, answers: ["m1"], replies: [])])
        let export = ArchiveExport(generator: .init(name: "Confab", version: "1"), title: tricky, baseURL: nil,
                                   series: [.init(key: "x", name: tricky, aliases: [], sessions: ["x"], url: "series/x.html")],
                                   participants: [.init(key: "a", handle: tricky, roles: ["moderator"], messageCount: 1, sessionCount: 1, url: "people/a.html")],
                                   mentioned: [.init(key: "b", handle: "b", roles: nil, messageCount: nil, sessionCount: 1, url: "people/b.html")],
                                   sessions: [session])
        let data = export.encoded()
        #expect(try JSONDecoder().decode(ArchiveExport.self, from: data) == export)
        #expect(!String(decoding: data, as: UTF8.self).contains("<") && !String(decoding: data, as: UTF8.self).contains("\u{2028}"))
    }
}
