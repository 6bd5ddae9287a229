import Testing
@testable import ConfabCore

@Suite struct PlanTests {
    @Test(arguments: [
        ("index.html", "style.css", "style.css"),
        ("index.html", "sessions/a.html", "sessions/a.html"),
        ("sessions/a.html", "index.html", "../index.html"),
        ("sessions/a.html", "sessions/b.html#m3", "b.html#m3"),
        ("sessions/a.html", "people/x.html", "../people/x.html"),
        ("a/b/c.html", "a/d/e.html", "../d/e.html"),
        ("a/b/c.html", "style.css", "../../style.css"),
    ])
    func relativeLinks(from: String, to: String, expected: String) {
        #expect(Paths.link(from: from, to: to) == expected)
    }

    @Test(arguments: [
        ("BadgeChat", "badgechat"), ("#BadgeChatK12", "badgechatk12"), ("Kyle_Clements1", "kyle_clements1"),
        ("../../etc/passwd", "etc-passwd"), ("Hello, World!", "hello-world"), ("", "untitled"),
        ("日本語", "u65e5-672c-8a9e"), ("...", "u2e-2e-2e"),
    ])
    func slugs(text: String, expected: String) {
        #expect(Slug.make(text) == expected)
    }

    @Test func slugsAreBoundedAndSafe() {
        let slug = Slug.make(String(repeating: "a/", count: 500))
        #expect(slug.count <= Slug.maxLength)
        #expect(slug.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test func planHasTheIndexAndAPagePerSessionWithRelativeLinks() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample),
                                    try Repository.content(Repository.plainSample)])
        let plan = Planner.plan(archive, Summarizer.summarize(archive), version: "test")
        #expect(plan.pages.map(\.path) == ["index.html", "sessions/badgechatk12-2016-10-03.html",
                                           "sessions/badgechat-2018-03-05.html"])
        guard case .index(let index) = plan.pages[0].content else { Issue.record("no index"); return }
        // Newest first.
        #expect(index.sessions.map(\.href) == ["sessions/badgechat-2018-03-05.html", "sessions/badgechatk12-2016-10-03.html"])
        #expect(index.sessions.map(\.messageCount) == [63, 89])
        #expect(index.sessions.map(\.people) == ["10 participants", "authors not recorded"])
        guard case .session(let session) = plan.pages[2].content else { Issue.record("no session"); return }
        #expect(session.site.homeHref == "../index.html")
        #expect(session.site.styleHref == "../style.css")
        #expect(session.messages.count == 63)
        let reply = try #require(session.messages.first { $0.inReplyTo != nil })
        #expect(reply.inReplyTo?.href == "#m2")
    }

    @Test func secondSessionOfASeriesOnOneDayGetsANumber() throws {
        let text = try Repository.content(Repository.plainSample).text
        let (archive, _) = archive([SourceFile(path: "content/a.txt", text: text), SourceFile(path: "content/b.txt", text: text)])
        #expect(Planner.sessionPaths(archive.sessions) == ["sessions/badgechatk12-2016-10-03.html",
                                                           "sessions/badgechatk12-2016-10-03-2.html"])
    }
}
