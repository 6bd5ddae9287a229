import Testing
@testable import ConfabCore

@Suite struct PlanTests {
    @Test(arguments: [
        ("index.html", "style.css", "style.css"),
        ("index.html", "sessions/a.html", "sessions/a.html"),
        ("sessions/a.html", "index.html", "../index.html"),
        ("sessions/a.html", "sessions/b.html#m3", "b.html#m3"),
        ("sessions/a.html", "sessions/a.html#m3", "#m3"),
        ("sessions/a.html", "people/x.html", "../people/x.html"),
        ("a/b/c.html", "a/d/e.html", "../d/e.html"),
        ("a/b/c.html", "style.css", "../../style.css"),
        ("index.html", "sessions/a.html#m3", "sessions/a.html#m3"),
        ("people/x.html", "people/y.html", "y.html"),
        ("people/x.html", "peoples/y.html", "../peoples/y.html"),
        ("sessions/a.html", "sessions/deep/b.html", "deep/b.html"),
        ("a/b/c.html", "a/b/d.html#x", "d.html#x"),
    ])
    func relativeLinks(from: String, to: String, expected: String) {
        #expect(Paths.link(from: from, to: to) == expected)
    }

    @Test(arguments: [
        ("BadgeChat", "badgechat"), ("#BadgeChatK12", "badgechatk12"), ("Kyle_Clements1", "kyle_clements1"),
        ("../../etc/passwd", "etc-passwd"), ("Hello, World!", "hello-world"), ("", "untitled"),
        ("日本語", "u65e5-672c-8a9e"), ("...", "u2e-2e-2e"), (".", "u2e"), ("CON", "con_"), ("Com1", "com1_"),
        ("lpt9", "lpt9_"), ("console", "console"), ("nul.txt", "nul-txt"),
    ])
    func slugs(text: String, expected: String) {
        #expect(Slug.make(text) == expected)
    }

    @Test func slugsAreBoundedAndSafe() {
        let slug = Slug.make(String(repeating: "a/", count: 500))
        #expect(slug.count <= Slug.maxLength)
        #expect(slug.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test func peopleWhoseNamesMakeTheSameSlugGetTheirOwnPages() throws {
        func transcript(_ authors: [String]) -> SourceFile {
            let bullets = authors.enumerated().map { "  • \($1) Jan 1 @ 6:0\($0) PM UTC\n    hello from \($1)\n" }
            return SourceFile(path: "content/x.txt", text: "#demo Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n" + bullets.joined())
        }
        let authors = ["Jo.Ann", "Jo-Ann", "jo_ann", "CON", "../../etc"]
        let (first, _) = archive([transcript(authors)])
        let (reversed, _) = archive([transcript(authors.reversed())])
        let paths = SiteMap(first).people, again = SiteMap(reversed).people
        #expect(paths == again, "the same names get the same files whatever order they came in")
        #expect(Set(paths.values).count == paths.count)
        #expect(paths["jo-ann"] == "people/jo-ann.html" && paths["jo.ann"] == "people/jo-ann-2.html")
        #expect(paths["con"] == "people/con_.html")
        for path in paths.values { #expect(path.wholeMatch(of: /people\/[a-z0-9_-]+\.html/) != nil, "\(path)") }
    }

    static let config = SiteConfig(title: "Test archive", series: [SeriesConfig(key: "badgechat", name: "#BadgeChat", aliases: ["badgechatk12"])])

    func samplePlan() throws -> (Archive, SitePlan) {
        let (archive, _) = archive([try Repository.content(Repository.participateSample),
                                    try Repository.content(Repository.plainSample)], config: Self.config)
        return (archive, plan(archive))
    }

    func view<V>(_ plan: SitePlan, _ path: String, as type: V.Type) throws -> V {
        try #require(plan.pages.first { $0.path == path }?.view as? V, "\(path)")
    }

    @Test func everyPageOfTheSite() throws {
        let (archive, plan) = try samplePlan()
        let paths = Set(plan.pages.map(\.path))
        #expect(paths.count == plan.pages.count, "no two pages share a path")
        let expected = ["index.html", "404.html", "search.html", "people/index.html", "people/by-name.html", "questions/index.html",
                        "series/index.html", "series/badgechat.html", "tags/badgesummit.html",
                        "sessions/badgechat-2016-10-03.html", "sessions/badgechat-2018-03-05.html"]
            + archive.participants.map { "people/\($0.key).html" } + ["people/aurorak12.html", "people/stephdeluca16.html"]
            + (1...4).flatMap { ["questions/badgechat-2016-10-03-q\($0).html", "questions/badgechat-2018-03-05-q\($0).html"] }
        #expect(paths == Set(expected))
        #expect(!paths.contains("about.html"), "no about page without content/about.md")
    }

    @Test func indexGroupsSessionsByYearNewestFirst() throws {
        let (_, plan) = try samplePlan()
        let index = try view(plan, "index.html", as: IndexPageView.self)
        #expect(index.years.map(\.year) == ["2018", "2016"])
        #expect(index.years[0].sessions.map(\.href) == ["sessions/badgechat-2018-03-05.html"])
        #expect(index.years[0].sessions[0].headline.hasPrefix("Q1. What’s a lesson"))
        #expect(index.years[1].sessions[0].headline.hasPrefix("Q2. How might we evaluate"), "Q1 has no text in the plain sample")
        #expect(index.years[1].sessions[0].series == LinkView(href: "series/badgechat.html", text: "#BadgeChat"))
        #expect(index.totals == "2 sessions · 152 messages · 10 participants · 8 questions")
        #expect(index.sections.map(\.href) == ["people/index.html", "questions/index.html", "series/index.html"])
        #expect(index.site.nav.map(\.current) == [true, false, false, false])
    }

    @Test func sessionPageIsCutAtQuestionsAndLinksMessages() throws {
        let (_, plan) = try samplePlan()
        let page = try view(plan, "sessions/badgechat-2018-03-05.html", as: SessionPageView.self)
        #expect(page.sections.map { $0.question?.title } == [nil, "Q1", "Q2", "Q3", "Q4"])
        #expect(page.sections.reduce(0) { $0 + $1.messages.count } == 63)
        #expect(page.sections[1].question?.href == "../questions/badgechat-2018-03-05-q1.html")
        #expect(page.pager?.previous == LinkView(href: "badgechat-2016-10-03.html", text: "Previous session: Monday, October 3, 2016"))
        #expect(page.pager?.next == nil)
        #expect(page.breadcrumbs.map(\.href) == ["../index.html", "../series/badgechat.html"])
        let messages = page.sections.flatMap(\.messages)
        let first = messages[0]
        #expect(first.anchorID == "m1" && first.permalink == "#m1")
        #expect(first.author == LinkView(href: "../people/senorg.html", text: "SenorG"))
        #expect(first.published == "2018-03-05T18:30:00-05:00")
        #expect(first.summary == "SenorG at 6:30 PM")
        #expect(first.textHTML.contains("<a class=\"hashtag\" href=\"../series/badgechat.html\">#BadgeChat</a>"))
        let reply = try #require(messages.first { $0.inReplyTo != nil })
        #expect(reply.inReplyTo?.message == LinkView(href: "#m2", text: "maeward2311 at 6:31 PM"))
        #expect(reply.inReplyTo?.people == [LinkView(href: "../people/maeward2311.html", text: "maeward2311")])
        let noah = try #require(messages.first { $0.textHTML.hasPrefix("I&#39;m Noah") })
        #expect(noah.textHTML.contains("<a href=\"https://t.co/TPSB4ep8yX\" rel=\"nofollow ugc noopener\">https://t.co/TPSB4ep8yX</a>"))
        #expect(noah.textHTML.contains("<a class=\"hashtag\" href=\"../tags/badgesummit.html\">#BadgeSummit</a>"))
        let ashley = try #require(messages.first { $0.textHTML.hasPrefix("Hi! Ashley from Erie, PA") })
        #expect(ashley.textHTML.contains("<a class=\"mention\" href=\"../people/stephdeluca16.html\">@StephDeLuca16</a>"))
        let quoting = try #require(messages.first { $0.textHTML.hasPrefix("This is HUGE!") })
        #expect(quoting.quotes.map(\.author) == ["Kyle_Clements1"])
        #expect(quoting.quotes[0].textHTML.hasPrefix("A1: Walk through the workflow"))
        #expect(page.chart?.svg.contains("<title id=\"timeline-title\">") == true)
    }

    @Test func personPageHasTheirMessagesAndFacts() throws {
        let (archive, plan) = try samplePlan()
        let page = try view(plan, "people/senorg.html", as: PersonPageView.self)
        #expect(page.handle == "SenorG" && page.roles == "Moderator" && !page.mentionedOnly)
        #expect(page.stats.map(\.value) == ["35", "6", "1"])
        let written = page.sessions.flatMap(\.messages)
        #expect(written.count == 35)
        #expect(written.allSatisfy { $0.anchorID == nil && $0.permalink.hasPrefix("../sessions/badgechat-2018-03-05.html#m") })
        let model = archive.sessions[1].messages.filter { $0.authorKey == "senorg" }.map { "../sessions/badgechat-2018-03-05.html#\($0.id)" }
        #expect(written.map(\.permalink) == model)
        #expect(page.repliesTo.prefix(2).map(\.text) == ["AGriffith2017 (5)", "Kyle_Clements1 (3)"])
        #expect(page.firstSeen?.href == "../sessions/badgechat-2018-03-05.html")

        let mentioned = try view(plan, "people/stephdeluca16.html", as: PersonPageView.self)
        #expect(mentioned.mentionedOnly)
        #expect(mentioned.mentions.flatMap(\.messages).count == 4)
    }

    @Test func peopleIndexInTwoOrders() throws {
        let (_, plan) = try samplePlan()
        let active = try view(plan, "people/index.html", as: PeopleIndexView.self)
        let byName = try view(plan, "people/by-name.html", as: PeopleIndexView.self)
        #expect(active.people.prefix(2).map(\.handle) == ["SenorG", "Kyle_Clements1"])
        #expect(byName.people.map(\.handle) == byName.people.map(\.handle).sorted { $0.lowercased() < $1.lowercased() })
        #expect(active.people.first?.href == "senorg.html")
        #expect(active.orders.map(\.current) == [true, false])
        #expect(active.mentioned.map(\.text) == ["aurorak12", "StephDeLuca16"])
    }

    @Test func questionPageHasTheAnswersOfTheModelWithThreads() throws {
        let (archive, plan) = try samplePlan()
        let session = archive.sessions[1]
        for question in session.questions {
            let page = try view(plan, "questions/badgechat-2018-03-05-q\(question.number).html", as: QuestionPageView.self)
            #expect(page.answers.map(\.message.permalink) == question.answerIDs.map { "../sessions/badgechat-2018-03-05.html#\($0)" })
            let replies = page.answers.flatMap(\.replies) + page.questionReplies
            #expect(Set(replies.map(\.permalink)) == Set(question.replyIDs.map { "../sessions/badgechat-2018-03-05.html#\($0)" }))
            #expect(page.asked?.permalink == "../sessions/badgechat-2018-03-05.html#\(question.messageID!)")
        }
        let q1 = try view(plan, "questions/badgechat-2018-03-05-q1.html", as: QuestionPageView.self)
        #expect(q1.answers[0].replies.map { String($0.textHTML.prefix(7)) } == ["Oh wow."])
        #expect(q1.pager?.previous?.href == "badgechat-2016-10-03-q4.html")
        #expect(q1.pager?.next?.href == "badgechat-2018-03-05-q2.html")
        #expect(q1.pager?.next?.text.hasPrefix("Next question: Q2 (Monday, March 5, 2018) Are there red flags") == true)
        let missing = try view(plan, "questions/badgechat-2016-10-03-q1.html", as: QuestionPageView.self)
        #expect(missing.asked == nil)
        #expect(missing.text == "(asked outside the transcript)")
        #expect(missing.answers.count == 9)
        // Its section in the transcript starts at its first answer.
        let plain = try view(plan, "sessions/badgechat-2016-10-03.html", as: SessionPageView.self)
        #expect(plain.sections.compactMap { $0.question?.title } == ["Q1", "Q2", "Q3", "Q4"])
        #expect(plain.sections.first { $0.question?.title == "Q1" }?.messages.first?.permalink == "#\(missing.answers[0].message.permalink.split(separator: "#")[1])")
        #expect(plain.sections.flatMap(\.messages).allSatisfy { $0.published == "2016-10-03" }, "no invented times")
    }

    @Test func seriesPagesMergeAliases() throws {
        let (_, plan) = try samplePlan()
        let series = try view(plan, "series/badgechat.html", as: SeriesPageView.self)
        #expect(series.name == "#BadgeChat")
        #expect(series.aliases == "Also #badgechatk12")
        #expect(series.sessions.map(\.href) == ["../sessions/badgechat-2018-03-05.html", "../sessions/badgechat-2016-10-03.html"])
        #expect(series.regulars.first?.person.text == "SenorG")
        let index = try view(plan, "series/index.html", as: SeriesIndexView.self)
        #expect(index.series.map(\.name) == ["#BadgeChat"])
    }

    @Test func tagPagesListTheMessagesUsingTheTag() throws {
        let (archive, plan) = try samplePlan()
        let page = try view(plan, "tags/badgesummit.html", as: TagPageView.self)
        #expect(page.tag == "#BadgeSummit")
        #expect(page.counts == "2 messages in 1 session")
        let expected = archive.sessions[1].messages.filter { $0.text.contains("#BadgeSummit") }.map { "../sessions/badgechat-2018-03-05.html#\($0.id)" }
        #expect(page.sessions.flatMap(\.messages).map(\.permalink) == expected)
        #expect(expected.count == 2)
    }

    @Test func collidingSlugsGetDistinctStablePaths() throws {
        let text = try Repository.content(Repository.plainSample).text
        // Two sessions of the same chat on the same day (identical files would be one).
        let (archive, _) = archive([SourceFile(path: "content/a.txt", text: text),
                                    SourceFile(path: "content/b.txt", text: text + "One more line\n")])
        let map = SiteMap(archive)
        #expect(map.sessions == ["sessions/badgechatk12-2016-10-03.html", "sessions/badgechatk12-2016-10-03-2.html"])
        #expect(map.question(session: 1, number: 2) == "questions/badgechatk12-2016-10-03-2-q2.html")
    }

    @Test func notFoundPageUsesAbsoluteLinksWithABaseURL() throws {
        var config = Self.config
        config.baseURL = "https://example.org/chat"
        let (archive, _) = archive([try Repository.content(Repository.plainSample)], config: config)
        let plan = plan(archive)
        let page = try view(plan, "404.html", as: TextPageView.self)
        #expect(page.site.styleHref == "https://example.org/chat/style.css")
        #expect(page.site.nav.first?.href == "https://example.org/chat/index.html")
    }
}
