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
    ])
    func escapedTextRendersAsItselfAndNothingElse(text: String) {
        let html = Markdown.html(from: Markdown.escape(text))
        let expected = "<p>" + HTML.escape(text.replacingOccurrences(of: "\n", with: " ")) + "</p>\n"
        // cmark writes ' and " as themselves in text; compare on the characters that matter.
        #expect(html.replacingOccurrences(of: "&quot;", with: "\"") == expected.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'"))
    }
}

@Suite struct SummarizeTests {
    @Test func participateSummary() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        let summary = Summarizer.summarize(archive).sessions[0]
        #expect(summary.markdown.hasPrefix(
            "\\#badgechat on Monday, March 5, 2018, 6:30 PM–7:11 PM EST: 63 messages from 10 people. Moderated by SenorG."))
        #expect(summary.markdown.contains("- **Q2.** Are there red flags or warning signs we can share"))
        #expect(summary.markdown.contains("Kyle\\_Clements1 (11)"))
        #expect(summary.markdown.contains("- <https://t.co/TPSB4ep8yX>"))
        #expect(summary.html.contains("<h3>Questions</h3>"))
        #expect(summary.html.contains("SenorG (35), Kyle_Clements1 (11)"))
        #expect(summary.html.contains("<a href=\"https://t.co/uM1r17rNCA\">"))
        #expect(summary.html == Markdown.html(from: summary.markdown))
    }

    @Test func plainSummarySaysAuthorsAreUnknown() throws {
        let (archive, _) = archive([try Repository.content(Repository.plainSample)])
        let markdown = Summarizer.summarize(archive).sessions[0].markdown
        #expect(markdown.hasPrefix("\\#BadgeChatK12 on Monday, October 3, 2016 at 6:30 PM EDT: 89 messages; this transcript does not record who wrote them."))
        #expect(markdown.contains("- **Q1.** *(not in the transcript)* — "))
        #expect(!markdown.contains("Most active"))
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
        let html = Summarizer.summarize(archive).sessions[0].html
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
