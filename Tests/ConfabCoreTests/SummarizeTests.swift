import Testing
@testable import ConfabCore

@Suite struct MarkdownTests {
    @Test func rendersCommonMark() {
        #expect(Markdown.html(from: "# Title\n\nSome *emphasis* and [a link](https://example.org).")
                == "<h1>Title</h1>\n<p>Some <em>emphasis</em> and <a href=\"https://example.org\">a link</a>.</p>\n")
    }

    @Test func dropsRawHTMLInSafeMode() {
        let html = Markdown.html(from: "Hi <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<div"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test(arguments: ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4="])
    func dropsUnsafeLinks(url: String) {
        let html = Markdown.html(from: "[click](\(url)) and ![img](\(url))")
        #expect(html.contains("href=\"\""))
        #expect(!html.lowercased().contains(url.lowercased().prefix(10)))
    }

    @Test func rawHTMLOnlyWhenTheOwnerAllowsIt() {
        #expect(Markdown.html(from: "<b>bold</b>", allowRawHTML: true) == "<p><b>bold</b></p>\n")
    }

    @Test(arguments: [
        "[link](https://evil.example)", "![image](https://evil.example/x.png)", "<https://evil.example>",
        "*emphasis* _under_ `code`", "<b>html</b> &amp; &lt;", "# heading", "- list", "+ list", "1. ordered",
        "3) ordered", "> quote", "Kyle_Clements1 and __init__", "line one\nline two", "\\[escaped\\]",
        "![x](y)", "&#x26; &copy;", "a ! b & c", "#tag mid #text", "= setext", "x\n===",
    ])
    func escapedTextRendersAsItselfAndNothingElse(text: String) {
        let html = Markdown.html(from: Markdown.escape(text))
        let expected = "<p>" + HTML.escape(text.replacingOccurrences(of: "\n", with: " ")) + "</p>\n"
        // cmark writes ' and " as themselves in text; compare on the characters that matter.
        #expect(html.replacingOccurrences(of: "&quot;", with: "\"") == expected.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'"))
    }
}

@Suite struct SummarizeTests {
    @Test func participateRecap() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        let summary = summaries(archive).sessions[0]
        let lines = summary.markdown.components(separatedBy: "\n")
        #expect(lines[0] == "# Recap: #badgechat on Monday, March 5, 2018")
        #expect(lines[2] == "6:30 PM–7:11 PM EST · 63 messages from 10 people · moderated by [SenorG](../people/senorg.html)")
        #expect(lines.contains("### Q2. Are there red flags or warning signs we can share to help others know what to look for and avoid repeating our mistakes?"))
        // Highlighted answers: quoted, attributed and linked to their permalinks.
        #expect(summary.markdown.contains("""
            > Create templates of badges BEFORE inputting them into the issuing tool you are using. #badgechat
            >
            > — [Kyle\\_Clements1](badgechat-2018-03-05.html#m12), 6:36 PM
            """))
        #expect(lines.contains("2 answers:"))
        #expect(summary.markdown.contains("[Kyle\\_Clements1](../people/kyle_clements1.html) (11)"))
        #expect(lines.contains("- <https://t.co/TPSB4ep8yX>"))
        // The page shows the same Markdown, its headings one level down.
        #expect(summary.html == Markdown.html(from: summary.markdown, headingOffset: 1))
        #expect(summary.html.hasPrefix("<h2>Recap: #badgechat on Monday, March 5, 2018</h2>"))
        #expect(summary.html.contains("<h3>Questions</h3>") && summary.html.contains("<h4>Q1. "))
        #expect(summary.html.contains("<a href=\"badgechat-2018-03-05.html#m12\">Kyle_Clements1</a>"))
    }

    @Test func highlightsPreferAnswersPeopleRespondedTo() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        let recap = Recap(archive: archive, map: SiteMap(archive), session: 0,
                          handles: archive.handleIndex())
        let q2 = archive.sessions[0].questions[1]
        // ebarnes73's A2 drew a reply and a quote; Kyle's first A2 a reply.
        let ids = recap.highlighted(q2, in: archive.sessions[0], responses: Recap.responses(in: archive.sessions[0])).map(\.id)
        #expect(ids.count == 3)
        #expect(ids == ids.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }, "in transcript order")
        #expect(ids.contains(q2.answerIDs[1]))
    }

    @Test func recapLinksAreAbsoluteWithABaseURL() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)],
                                   config: SiteConfig(baseURL: "https://example.org/chat"))
        let markdown = summaries(archive).sessions[0].markdown
        #expect(markdown.contains("[SenorG](https://example.org/chat/people/senorg.html)"))
        #expect(markdown.contains("(https://example.org/chat/sessions/badgechat-2018-03-05.html#m12)"))
    }

    @Test func plainRecapSaysAuthorsAreUnknown() throws {
        let (archive, _) = archive([try Repository.content(Repository.plainSample)])
        let markdown = summaries(archive).sessions[0].markdown
        #expect(markdown.contains("6:30 PM EDT · 89 messages (this transcript does not record who wrote them)"))
        #expect(markdown.contains("### Q1. *(asked outside the transcript)*"))
        #expect(markdown.contains("> — [message 15](badgechatk12-2016-10-03.html#m15)"))
        #expect(!markdown.contains("## Participants"))
    }

    @Test func transcriptTextCannotInjectIntoTheSummary() {
        let text = """
        #demo Archive

        Monday January 1, 2024
        6:00 PM UTC

          • evil_one - Moderator Jan 1 @ 6:01 PM UTC
            Q1: <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![x](https://e.example/p.png) javascript:alert(2) https://ok.example/a?b=1&c=<2>
        """
        let (archive, _) = archive([SourceFile(path: "content/demo.txt", text: text)])
        let html = summaries(archive).sessions[0].html
        #expect(!html.contains("<img"))
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.contains(">click</a>"))
        #expect(!html.contains("<a href=\"https://e.example/p.png\">x</a>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("evil_one"))
        // The URL that ends in markup is not offered as a link.
        #expect(!html.contains("https://ok.example/a?b=1&amp;c=&lt;2&gt;\">"))
    }
}
