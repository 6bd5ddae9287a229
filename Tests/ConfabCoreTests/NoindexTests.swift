import Foundation
import Testing
@testable import ConfabCore

/// `privacy: noindex` and `noindex` per series: the robots meta on the right pages and
/// no others, robots.txt with and without `base_url`, and what the sitemap leaves out.
@Suite struct NoindexTests {
    static let meta = "<meta name=\"robots\" content=\"noindex\">"
    /// A session of a second series, beside the sample's #BadgeChat, so one series can be
    /// hidden and the other not.
    static let demo = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n  • SenorG - Moderator Jan 1 @ 6:01 PM UTC\n    Q1: Who is here?\n\n  • ana Jan 1 @ 6:02 PM UTC\n    A1: me\n"

    /// The sample archive and the demo session built with `settings` (the sample's
    /// title and series first); every file of the site by its path.
    struct Built {
        let report: BuildReport
        let files: [String: String]

        init(_ settings: String) throws {
            let site = try TemporaryFolder.sampleSite()
            try site.write("content/demo-2024-01-01.txt", NoindexTests.demo)
            try site.write("content/site.yaml", settings)
            report = try build(BuildOptions(site: site.url))
            files = try NoindexTests.output(of: site, withExtension: nil)
        }

        var pages: [String: String] { files.filter { $0.key.hasSuffix(".html") } }
        /// Pages that carry the meta, each once and inside the head.
        var unindexedPages: Set<String> {
            Set(pages.filter { path, html in
                let count = html.components(separatedBy: NoindexTests.meta).count - 1
                #expect(count <= 1, "\(path): the meta twice")
                if count == 1 { #expect(html.range(of: NoindexTests.meta)!.lowerBound < html.range(of: "</head>")!.lowerBound, "\(path)") }
                return count == 1
            }.keys)
        }
    }

    /// The text of every file the site's last build wrote, by path.
    static func output(of site: TemporaryFolder, withExtension ext: String?) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try SiteReader.files(in: site.url.appendingPathComponent("public"), withExtension: ext).map {
            ($0.relative, try String(contentsOf: $0.url, encoding: .utf8))
        })
    }

    static let series = "title: Test\nseries:\n  badgechat:\n    name: \"#BadgeChat\"\n    aliases: [badgechatk12]\n"

    @Test func byDefaultNoPageAsksNotToBeIndexed() throws {
        let site = try Built(Self.series + "base_url: https://example.org/\n")
        #expect(site.pages.count > 20 && site.unindexedPages.isEmpty)
        #expect(site.files["robots.txt"] == "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n")
    }

    @Test func siteWideWithoutABaseURL() throws {
        let site = try Built(Self.series + "privacy:\n  noindex: true\n")
        #expect(site.unindexedPages == Set(site.pages.keys), "every page, 404.html and search.html too")
        // Without an address the site is taken to be at the host's root.
        #expect(site.files["robots.txt"] == "User-agent: *\nDisallow: /\n")
        #expect(site.files["sitemap.xml"] == nil && site.files["feed.xml"] == nil)
        #expect(site.report.diagnostics.map(\.description) == ["content/site.yaml: warning: no base_url: feed.xml needs an absolute address and is not written"])
    }

    @Test func siteWideUnderABaseURLsPath() throws {
        let site = try Built(Self.series + "base_url: https://example.org/chat\nprivacy: { noindex: true }\n")
        #expect(site.unindexedPages == Set(site.pages.keys))
        // The rule covers the site's folder only, so merged into the host's robots.txt it hides nothing else.
        #expect(site.files["robots.txt"] == "User-agent: *\nDisallow: /chat/\n")
        #expect(site.files["sitemap.xml"] == nil, "a sitemap only invites crawlers")
        #expect(site.files["feed.xml"]?.contains("https://example.org/chat/sessions/demo-2024-01-01.html") == true, "members still read the feed")
        #expect(site.report.diagnostics.isEmpty)
    }

    @Test func perSeriesWithoutABaseURL() throws {
        let site = try Built(Self.series + "    noindex: true\n")
        let hidden = site.unindexedPages
        // The series' page, its sessions' pages and their questions' pages: found from the built files.
        let expected = Set(site.pages.keys.filter {
            $0 == "series/badgechat.html" || $0.hasPrefix("sessions/badgechat-") || $0.hasPrefix("questions/badgechat-")
        })
        #expect(hidden == expected)
        #expect(hidden.isSuperset(of: ["series/badgechat.html", "sessions/badgechat-2018-03-05.html", "sessions/badgechat-2016-10-03.html",
                                       "questions/badgechat-2018-03-05-q1.html"]))
        // People, indexes and the other series stay indexed.
        for page in ["index.html", "series/demo.html", "sessions/demo-2024-01-01.html", "questions/demo-2024-01-01-q1.html",
                     "people/senorg.html", "people/index.html", "questions/index.html", "series/index.html", "search.html"] {
            #expect(site.pages[page] != nil && !hidden.contains(page), "\(page)")
        }

        let recaps = site.files.keys.filter { $0.hasPrefix("sessions/badgechat-") && $0.hasSuffix(".md") }
        #expect(recaps.count == 2)
        let robots = try #require(site.files["robots.txt"])
        #expect(robots == "User-agent: *\n" + (expected.union(recaps)).sorted().map { "Disallow: /\($0)\n" }.joined())
        #expect(robots.contains("Disallow: /sessions/badgechat-2018-03-05.md\n") && !robots.contains("demo"))
        #expect(site.report.diagnostics.map(\.description) == ["content/site.yaml: warning: no base_url: feed.xml and sitemap.xml need absolute addresses and are not written"])
    }

    @Test func perSeriesWithABaseURL() throws {
        let site = try Built(Self.series + "    noindex: true\nbase_url: https://example.org/chat/\n")
        let hidden = site.unindexedPages
        #expect(hidden.contains("sessions/badgechat-2018-03-05.html") && !hidden.contains("sessions/demo-2024-01-01.html"))

        let sitemap = try #require(site.files["sitemap.xml"])
        let locations = Set(EndToEndTests.matches("<loc>https://example.org/chat/([^<]+)</loc>", in: sitemap))
        #expect(locations == Set(site.pages.keys).subtracting(hidden).subtracting(["404.html", "search.html"]))
        #expect(locations.contains("sessions/demo-2024-01-01.html") && locations.contains("people/senorg.html"))

        // Under the base URL's path, for the host's own robots.txt; the sitemap is named in full.
        let robots = try #require(site.files["robots.txt"])
        let rules = robots.split(separator: "\n").filter { $0.hasPrefix("Disallow: ") }.map { String($0.dropFirst(10)) }
        #expect(Set(rules) == Set(hidden.map { "/chat/" + $0 }).union(["/chat/sessions/badgechat-2018-03-05.md", "/chat/sessions/badgechat-2016-10-03.md"]))
        #expect(robots.hasPrefix("User-agent: *\n") && robots.hasSuffix("Sitemap: https://example.org/chat/sitemap.xml\n"))
    }

    @Test func siteWideWinsOverPerSeries() throws {
        let site = try Built(Self.series + "    noindex: false\nprivacy:\n  noindex: true\nbase_url: https://example.org/\n")
        #expect(site.unindexedPages == Set(site.pages.keys))
        #expect(site.files["robots.txt"] == "User-agent: *\nDisallow: /\n")
    }

    @Test func aBaseURLCannotBreakARuleOrAddOne() throws {
        // A line break (YAML's `\n`) and robots.txt's own patterns in the address's path.
        let site = try Built(Self.series + "base_url: \"https://example.org/a*b$\\nDisallow: /x\"\nprivacy: { noindex: true }\n")
        #expect(site.files["robots.txt"] == "User-agent: *\nDisallow: /a%2Ab%24%0ADisallow:%20/x/\n")
    }

    // MARK: Settings

    static func parse(_ yaml: String) throws -> SiteConfig {
        try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: yaml)).0
    }

    @Test func readsBothSettings() throws {
        let config = try Self.parse("privacy:\n  noindex: true\nseries:\n  a:\n    noindex: TRUE\n  b:\n    name: B\n    noindex: false\n  c:\n")
        #expect(config.noindex)
        #expect(config.series.map(\.noindex) == [true, false, false])
        #expect(try Self.parse("privacy:\n  noindex: false\n").noindex == false)
        #expect(try !Self.parse("title: x\n").noindex)
    }

    @Test(arguments: [
        ("privacy:\n  noindex: yes\n", "content/site.yaml:2: 'noindex' must be true or false, not 'yes'"),
        ("privacy:\n  private_messages: false\n  noindex: 1\n", "content/site.yaml:3: 'noindex' must be true or false, not '1'"),
        ("privacy:\n  noindex:\n", "content/site.yaml:2: 'noindex' must be true or false, not ''"),
        ("series:\n  a:\n    name: A\n    noindex: [true]\n", "content/site.yaml:4: 'noindex' must be true or false"),
        ("series:\n  a:\n    noindex: \"no\"\n", "content/site.yaml:3: 'noindex' must be true or false, not 'no'"),
        ("raw_html: maybe\n", "content/site.yaml:1: 'raw_html' must be true or false, not 'maybe'"),
    ])
    func aValueThatIsNotTrueOrFalseStopsTheBuildAtItsLine(yaml: String, message: String) {
        #expect {
            try Self.parse(yaml)
        } throws: { error in
            (error as? ConfabError)?.description == message
        }
    }
}

extension NoindexTests {
    @Test func aNoindexSeriesThatNamesNoSessionIsAWarning() throws {
        let site = try Built(Self.series + "  badgechatt:\n    noindex: true\nbase_url: https://example.org/\n")
        #expect(site.report.diagnostics.map(\.description) == [
            "content/site.yaml: warning: series 'badgechatt' is noindex but no session is in it (the archive's series: badgechat, demo)",
        ])
        #expect(site.unindexedPages.isEmpty)
    }
}

extension NoindexTests {
    /// The build cache keeps pages whose inputs did not change: turning the setting on
    /// and off again must reach every page all the same.
    @Test func turningTheSettingOnAndOffRebuildsEveryPage() throws {
        let site = try TemporaryFolder.sampleSite()
        func pages() throws -> [String: String] { try Self.output(of: site, withExtension: "html") }
        _ = try build(BuildOptions(site: site.url))
        #expect(try pages().values.allSatisfy { !$0.contains(Self.meta) })
        try site.write("content/site.yaml", Self.series + "privacy:\n  noindex: true\n")
        _ = try build(BuildOptions(site: site.url))
        #expect(try pages().values.allSatisfy { $0.contains(Self.meta) })
        #expect(site.exists("public/robots.txt"))
        try site.write("content/site.yaml", Self.series)
        _ = try build(BuildOptions(site: site.url))
        #expect(try pages().values.allSatisfy { !$0.contains(Self.meta) })
        #expect(!site.exists("public/robots.txt"))
    }
}
