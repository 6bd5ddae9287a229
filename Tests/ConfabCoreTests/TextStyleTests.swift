import Foundation
import Testing
@testable import ConfabCore

/// Text styles end to end: each platform's markup to text without markers and style
/// marks, the marks to a message's styles, and the styles to HTML.
enum StyleNotation {
    static let names: [TextStyle.Kind: String] = [
        .bold: "b", .italic: "i", .underline: "u", .strike: "s", .code: "code", .pre: "pre", .quote: "q", .spoiler: "sp",
    ]

    /// The text with its styles written in as `<b>…</b>`, `<pre>…</pre>` (nesting as the
    /// page would), and `[…]` around links and mentions, so a table reads at a glance.
    static func annotate(_ marked: MarkedText) -> String {
        var styles: [TextStyle] = []
        var spans: [Range<Int>] = []
        for mark in marked.marks {
            if case .style(let kind) = mark.kind { styles.append(TextStyle(kind, range: mark.range)) } else { spans.append(mark.range) }
        }
        styles.sort(by: TextStyle.inOrder)
        let utf8 = Array(marked.text.utf8)
        var out: [UInt8] = [], open: [TextStyle] = [], next = 0
        // A link is inside the styles that share its range.
        for offset in 0...utf8.count {
            if spans.contains(where: { $0.upperBound == offset }) { out.append(UInt8(ascii: "]")) }
            while let top = open.last, top.range.upperBound <= offset {
                out += Array("</\(names[top.kind]!)>".utf8)
                open.removeLast()
            }
            while next < styles.count, styles[next].range.lowerBound == offset {
                out += Array("<\(names[styles[next].kind]!)>".utf8)
                open.append(styles[next])
                next += 1
            }
            if spans.contains(where: { $0.lowerBound == offset }) { out.append(UInt8(ascii: "[")) }
            if offset < utf8.count { out.append(utf8[offset]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@Suite struct InlineMarkupTests {
    // MARK: Slack

    static let slackCases: [(String, String)] = [
        ("*bold* and _italic_ and ~strike~", "<b>bold</b> and <i>italic</i> and <s>strike</s>"),
        ("plain text, nothing to do", "plain text, nothing to do"),
        ("2*3*4 = 24", "2*3*4 = 24"),
        ("open my_file_name.txt", "open my_file_name.txt"),
        ("_my_file_name_", "<i>my_file_name</i>"),
        ("*not closed", "*not closed"),
        ("a * b * c", "a * b * c"),
        ("*bold*text", "*bold*text"),
        ("(*bold*), _it_.", "(<b>bold</b>), <i>it</i>."),
        ("**double** is no bold in Slack", "**double** is no bold in Slack"),
        ("*bold _both_*", "<b>bold <i>both</i></b>"),
        ("*a _b* c_", "<b>a _b</b> c_"),
        ("~/bin and ~/lib", "~/bin and ~/lib"),
        ("run `make *all*` now", "run <code>make *all*</code> now"),
        ("a`b`c", "a`b`c"),
        ("`unclosed code", "`unclosed code"),
        ("see ```let x = *y*``` ok", "see <pre>let x = *y*</pre> ok"),
        ("```\nline one\n  line two\n```\nafter", "<pre>line one\n  line two</pre>\nafter"),
        ("```never closed\nstill text", "```never closed\nstill text"),
        ("&gt; quoted *line*\n&gt; second\nafter", "<q>quoted <b>line</b>\nsecond</q>\nafter"),
        ("before\n&gt;quote without space", "before\n<q>quote without space</q>"),
        ("&gt;&gt;&gt; all\nof this", "<q>all\nof this</q>"),
        ("&gt; ```\n&gt; code\n&gt; ```", "<q><pre>code</pre></q>"),
        ("*<@U1>* said <https://x.com/a_b_c|a_b_c> and <https://y.org/_z_>", "<b>[@Ana]</b> said [a_b_c] and [https://y.org/_z_]"),
        (":tada: *yay* &amp; 1 &lt; 2", "🎉 <b>yay</b> & 1 < 2"),
        ("mid*word*bold and snake_case_words", "mid*word*bold and snake_case_words"),
        ("*ünïcödé* _ça va_", "<b>ünïcödé</b> <i>ça va</i>"),
        ("naïve_é_x", "naïve_é_x"),
    ]

    @Test(arguments: slackCases)
    func slack(_ raw: String, _ expected: String) {
        let text = InlineMarkup.apply(SlackMarkup.text(raw, users: ["U1": RawUser(displayName: "Ana")]), .slack)
        #expect(StyleNotation.annotate(text) == expected)
    }

    // MARK: Discord

    static let discordCases: [(String, String)] = [
        ("**bold** *it* _it2_ __under__ ~~gone~~ ||secret||",
         "<b>bold</b> <i>it</i> <i>it2</i> <u>under</u> <s>gone</s> <sp>secret</sp>"),
        ("***both*** and ___also___", "<b><i>both</i></b> and <i><u>also</u></i>"),
        ("2*3*4 and my_file_name", "2*3*4 and my_file_name"),
        ("__init__.py", "<u>init</u>.py"),
        ("\\*not italic\\* and \\_x\\_", "*not italic* and _x_"),
        ("C:\\Users\\ana", "C:\\Users\\ana"),
        ("```swift\nlet a = 1\n```", "<pre>let a = 1</pre>"),
        ("```let a = 1```", "<pre>let a = 1</pre>"),
        ("```\nfn main() {}\n```\ndone", "<pre>fn main() {}</pre>\ndone"),
        ("> quote **bold**\nnot quoted", "<q>quote <b>bold</b></q>\nnot quoted"),
        (">no space is no quote", ">no space is no quote"),
        (">>> the rest\nof the message", "<q>the rest\nof the message</q>"),
        ("> ```\n> code\n> ```", "<q><pre>code</pre></q>"),
        ("**https://x.com/a_b_**", "<b>https://x.com/a_b_</b>"),
        ("see https://example.com/some_path_here ok", "see https://example.com/some_path_here ok"),
        ("``a `tick` b``", "<code>a `tick` b</code>"),
        ("`code **not bold**`", "<code>code **not bold**</code>"),
        ("|| not a spoiler ||", "|| not a spoiler ||"),
        ("**unclosed", "**unclosed"),
        // CommonMark would split the closing run; Confab keeps runs whole.
        ("**bold *and italic***", "**bold *and italic***"),
        ("<@&5> **ok**", "@unknown-role <b>ok</b>"),
    ]

    @Test(arguments: discordCases)
    func discord(_ raw: String, _ expected: String) {
        let context = DiscordReader.FileReader.Context(channelID: "1", channelName: "general", parentName: nil)
        let text = InlineMarkup.apply(DiscordMarkup.text(raw, mentions: [], users: [:], roles: [:], context: context), .discord)
        #expect(StyleNotation.annotate(text) == expected)
    }

    // MARK: Mattermost

    static let mattermostCases: [(String, String)] = [
        ("**bold** __bold2__ *it* _it_ ~~gone~~", "<b>bold</b> <b>bold2</b> <i>it</i> <i>it</i> <s>gone</s>"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("```go\nfmt.Println(\"*x*\")\n```", "<pre>fmt.Println(\"*x*\")</pre>"),
        ("~~~\ncode\n~~~\nafter", "<pre>code</pre>\nafter"),
        ("```\nunclosed fence", "```\nunclosed fence"),
        ("text ```not a fence``` here", "text <code>not a fence</code> here"),
        ("> quote\n>more\n\nafter", "<q>quote\nmore</q>\n\nafter"),
        ("**[the docs](https://x.example/d)**", "<b>[the docs]</b>"),
        ("`@cleo :tada:` @cleo", "<code>@cleo :tada:</code> [@cleo]"),
        ("\\*\\*not bold\\*\\*", "**not bold**"),
    ]

    @Test(arguments: mattermostCases)
    func mattermost(_ raw: String, _ expected: String) {
        let text = InlineMarkup.apply(MattermostMarkup.text(raw, usernames: ["cleo": "cleo"]), .mattermost)
        #expect(StyleNotation.annotate(text) == expected)
    }

    // MARK: Zulip and Matrix

    static let zulipCases: [(String, String)] = [
        ("<p><strong>bold</strong> <em>it</em> <del>gone</del> <code>x &lt; y</code></p>", "<b>bold</b> <i>it</i> <s>gone</s> <code>x < y</code>"),
        ("<blockquote>\n<p>quoted <strong>line</strong></p>\n<p>two</p>\n</blockquote>\n<p>after</p>", "<q>quoted <b>line</b>\n\ntwo</q>\n\nafter"),
        ("<div class=\"codehilite\"><pre><span></span><code>let *x* = 1\n</code></pre></div>", "<pre>let *x* = 1</pre>"),
        ("<p><a href=\"https://x.org\"><strong>docs</strong></a></p>", "<b>[docs]</b>"),
        ("<div class=\"spoiler-block\"><div class=\"spoiler-header\"><p>Title</p></div><div class=\"spoiler-content\" aria-hidden=\"true\"><p>hidden</p></div></div>",
         "Title\n\n<sp>hidden</sp>"),
        ("<blockquote><ul><li>one</li><li>two</li></ul></blockquote>", "<q>- one\n- two</q>"),
    ]

    @Test(arguments: zulipCases)
    func zulip(_ html: String, _ expected: String) {
        let converted = ZulipHTML.text(html)
        #expect(StyleNotation.annotate(MarkedText(text: converted.text, marks: converted.marks)) == expected)
    }

    static let matrixCases: [(String, String?, String)] = [
        ("**bold** and *it*", "<strong>bold</strong> and <em>it</em>", "<b>bold</b> and <i>it</i>"),
        // Without HTML the body is plain text: its stars are stars.
        ("**bold** and *it*", nil, "**bold** and *it*"),
        // The HTML shows no emphasis: the underscores were the person's.
        ("_private_ var", "<code>x</code>", "_private_ var"),
        ("> quoted\n\nreply with `code`", "<blockquote><p>quoted</p></blockquote><p>reply with <code>code</code></p>", "<q>quoted</q>\n\nreply with <code>code</code>"),
        ("```\nlet x\n```", "<pre><code>let x\n</code></pre>", "<pre>let x</pre>"),
        // A reply's quote of the message it answers is not this message's quote.
        ("> not ours", "<mx-reply><blockquote>x</blockquote></mx-reply>not ours", "> not ours"),
    ]

    @Test(arguments: matrixCases)
    func matrix(_ body: String, _ html: String?, _ expected: String) {
        let kinds = html.map(MatrixHTML.styleKinds) ?? []
        let text = kinds.isEmpty ? MarkedText(text: body, marks: []) : InlineMarkup.apply(MarkedText(text: body, marks: []), .matrix(kinds))
        #expect(StyleNotation.annotate(text) == expected)
    }

    @Test func unrenderedZulipMarkdown() {
        let text = InlineMarkup.apply(MarkedText(text: "**bold** *it* snake_case ~~x~~ `c`\n```spoiler Title\nhidden\n```", marks: []), .zulip)
        #expect(StyleNotation.annotate(text) == "<b>bold</b> <i>it</i> snake_case <s>x</s> <code>c</code>\n```spoiler Title\nhidden\n```")
    }

    // MARK: Telegram

    @Test func telegramEntitiesAreStyles() throws {
        let json = """
        {"name": "G", "type": "public_supergroup", "id": 9, "messages": [
          {"id": 1, "type": "message", "date": "2024-03-01T10:00:00", "date_unixtime": "1709287200", "from": "Ana", "from_id": "user1",
           "text": ["a ", {"type": "bold", "text": "b"}, " ", {"type": "italic", "text": "i"}, " ", {"type": "underline", "text": "u"}, " ",
                    {"type": "strikethrough", "text": "s"}, " ", {"type": "spoiler", "text": "sp"}, " ", {"type": "code", "text": "<c>"}, "\\n",
                    {"type": "pre", "text": "let x = 1", "language": "swift"}, "\\n", {"type": "blockquote", "text": "quoted", "collapsed": true},
                    " ", {"type": "text_link", "text": "link", "href": "https://x.org"}, " *stars stay*"]}
        ]}
        """
        let (chats, diagnostics) = TelegramReader.read(Source(SourceFile(path: "content/result.json", text: json)))
        #expect(diagnostics.isEmpty)
        guard case .conversation(let raw) = try #require(chats.first) else { Issue.record("no conversation"); return }
        let event = try #require(raw.events.first)
        #expect(StyleNotation.annotate(MarkedText(text: event.text, marks: event.marks))
                == "a <b>b</b> <i>i</i> <u>u</u> <s>s</s> <sp>sp</sp> <code><c></code>\n<pre>let x = 1</pre>\n<q>quoted</q> [link] *stars stay*")
    }

    // MARK: Shared rules

    /// Whatever the markup, only marker characters are taken out: the text left is the
    /// input with some `*_~|` `` ` `` `>` and `\` (and fence languages) removed, in order.
    @Test(arguments: slackCases.map(\.0) + discordCases.map(\.0) + mattermostCases.map(\.0))
    func onlyMarkersAreRemoved(_ raw: String) {
        for dialect in [InlineMarkup.Dialect.slack, .discord, .mattermost, .zulip] {
            let text = InlineMarkup.apply(MarkedText(text: raw, marks: []), dialect).text
            var rest = Substring(raw)
            for character in text {
                while let first = rest.first, first != character {
                    #expect("*_~|`>\\ \n".contains(first) || first.isLetter, "\(first) of \(raw) lost")
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            }
        }
    }

    @Test func stylesNestAndStayInsideTheText() {
        let hostile = ["*_~`>|" + String(repeating: "*a _b ~c `d", count: 200), String(repeating: "```", count: 101), String(repeating: "> ", count: 500) + "\n",
                       "**" + String(repeating: "_", count: 5000) + "**", "\u{1F600}*\u{0301}x*\u{1F600}", "*", "`", ">", "\\"]
        for raw in hostile {
            for dialect in [InlineMarkup.Dialect.slack, .discord, .mattermost, .zulip] {
                let text = InlineMarkup.apply(MarkedText(text: raw, marks: []), dialect)
                let count = text.text.utf8.count
                let styles = text.marks.compactMap { mark -> TextStyle? in
                    if case .style(let kind) = mark.kind { TextStyle(kind, range: mark.range) } else { nil }
                }
                #expect(styles.allSatisfy { !$0.range.isEmpty && $0.range.upperBound <= count })
                // Every pair of styles is nested or apart.
                for a in styles { for b in styles where a != b {
                    #expect(!a.range.overlaps(b.range) || a.range.clamped(to: b.range) == a.range || b.range.clamped(to: a.range) == b.range)
                } }
            }
        }
    }
}

@Suite struct MessageTextStyleTests {
    static func html(_ text: String, _ styles: [TextStyle], entities: [TextEntity] = []) -> String {
        MessageText.html(text, entities: entities, styles: styles, mention: { "../people/\($0).html" }, hashtag: { _ in nil })
    }

    @Test func withoutStylesTheOutputIsTheSame() {
        let text = "Hi @Ana, see https://x.org/?a=1&b=<2> #tag"
        let entities = TextEntities.extract(text)
        let plain = MessageText.html(text, entities: entities, mention: { "p/\($0)" }, hashtag: { _ in nil })
        #expect(plain == MessageText.html(text, entities: entities, styles: [], mention: { "p/\($0)" }, hashtag: { _ in nil }))
        #expect(plain == "Hi <a class=\"mention\" href=\"p/ana\">@Ana</a>, see <a href=\"https://x.org/?a=1&amp;b=\" rel=\"nofollow ugc noopener\">https://x.org/?a=1&amp;b=</a>&lt;2&gt; <span class=\"hashtag\">#tag</span>")
    }

    @Test func stylesNest() {
        // "bold both it"
        #expect(Self.html("bold both it", [TextStyle(.bold, range: 0..<9), TextStyle(.italic, range: 5..<12)])
                == "<strong>bold both</strong> it", "an overlapping style is dropped")
        #expect(Self.html("bold both", [TextStyle(.italic, range: 5..<9), TextStyle(.bold, range: 0..<9)])
                == "<strong>bold <em>both</em></strong>")
        #expect(Self.html("all", [TextStyle(.italic, range: 0..<3), TextStyle(.bold, range: 0..<3), TextStyle(.bold, range: 0..<3)])
                == "<strong><em>all</em></strong>", "one range: outer first by kind, duplicates once")
        #expect(Self.html("s u", [TextStyle(.spoiler, range: 0..<1), TextStyle(.underline, range: 2..<3), TextStyle(.strike, range: 2..<3)])
                == "<span class=\"spoiler\" tabindex=\"0\">s</span> <u><s>u</s></u>")
    }

    @Test func codeIsEscapedAndHoldsNoStyle() {
        let text = "<script>alert('x')</script> & more"
        #expect(Self.html(text, [TextStyle(.code, range: 0..<27), TextStyle(.bold, range: 1..<7)])
                == "<code>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</code> &amp; more")
        #expect(Self.html("a<b>", [TextStyle(.pre, range: 0..<4)]) == "<pre><code>a&lt;b&gt;</code></pre>")
    }

    @Test func blocksTakeTheirLineBreaks() {
        let text = "see:\nlet x = 1\nafter"
        #expect(Self.html(text, [TextStyle(.pre, range: 5..<14)]) == "see:<pre><code>let x = 1</code></pre>after")
        let quoted = "one\ntwo\n\nreply"
        #expect(Self.html(quoted, [TextStyle(.quote, range: 0..<7)]) == "<blockquote>one\ntwo</blockquote>\nreply")
        #expect(Self.html("q\ncode", [TextStyle(.quote, range: 0..<6), TextStyle(.pre, range: 2..<6)])
                == "<blockquote>q<pre><code>code</code></pre></blockquote>")
        #expect(Self.html("a quote in bold", [TextStyle(.bold, range: 0..<15), TextStyle(.quote, range: 2..<7)])
                == "<strong>a quote in bold</strong>", "a block inside a line's style is dropped")
    }

    @Test func stylesNeverCutALink() {
        let text = "go https://x.org now"
        let entities = TextEntities.extract(text)
        #expect(Self.html(text, [TextStyle(.bold, range: 0..<8)], entities: entities)
                == "go <a href=\"https://x.org\" rel=\"nofollow ugc noopener\">https://x.org</a> now")
        #expect(Self.html(text, [TextStyle(.bold, range: 3..<16)], entities: entities)
                == "go <strong><a href=\"https://x.org\" rel=\"nofollow ugc noopener\">https://x.org</a></strong> now")
        #expect(Self.html(text, [TextStyle(.italic, range: 0..<20)], entities: entities)
                == "<em>go <a href=\"https://x.org\" rel=\"nofollow ugc noopener\">https://x.org</a> now</em>")
        #expect(Self.html(text, [TextStyle(.italic, range: 5..<9)], entities: entities)
                == "go <a href=\"https://x.org\" rel=\"nofollow ugc noopener\">https://x.org</a> now", "a style inside a link is dropped")
        let mention = "hi @ana"
        #expect(Self.html(mention, [TextStyle(.bold, range: 3..<7)], entities: TextEntities.extract(mention))
                == "hi <strong><a class=\"mention\" href=\"../people/ana.html\">@ana</a></strong>")
    }

    @Test func stylesOutsideTheTextAreDropped() {
        #expect(Self.html("abc", [TextStyle(.bold, range: 1..<9), TextStyle(.italic, range: 2..<2), TextStyle(.code, range: 0..<1)])
                == "<code>a</code>bc")
        // From a label on: a style before it is not shown.
        #expect(MessageText.html("A1: *x*", entities: [], styles: [TextStyle(.bold, range: 0..<2), TextStyle(.bold, range: 5..<6)], from: 4,
                                 mention: { _ in nil }, hashtag: { _ in nil }) == "*<strong>x</strong>*")
    }
}

@Suite struct StyledMessageTests {
    static func built(_ events: [RawEvent]) -> Session? {
        let raw = RawConversation(format: .slack, channel: RawChannel(platform: "slack", name: "general", prefix: "#"),
                                  users: [:], events: events, source: SourceLocation(file: "content/x.json"))
        var builder = ConversationBuilder(raw, config: SiteConfig())
        return builder.build().first
    }

    @Test func theBuilderKeepsSoundStylesAndNoTagsInCode() throws {
        let text = "é #include <x> and #tag"
        let event = RawEvent(author: .id("U1"), time: Date(timeIntervalSince1970: 1_700_000_000), text: text, marks: [
            RawMark(.style(.code), range: 3..<15), RawMark(.style(.bold), range: 1..<2), RawMark(.style(.italic), range: 0..<40),
            RawMark(.style(.code), range: 3..<15), RawMark(.style(.strike), range: 20..<24),
        ], location: SourceLocation(file: "content/x.json"))
        let message = try #require(Self.built([event])?.messages.first)
        // Inside `é` (two bytes) and past the end are dropped; the copy is kept once.
        #expect(message.styles == [TextStyle(.code, range: 3..<15), TextStyle(.strike, range: 20..<24)])
        #expect(message.entities.map(\.value) == ["tag"], "#include in code is no tag")
    }

    @Test func stylesSurviveTheCache() throws {
        let event = RawEvent(author: .id("U1"), time: Date(timeIntervalSince1970: 1_700_000_000), text: "a b",
                             marks: [RawMark(.style(.quote), range: 0..<3), RawMark(.style(.bold), range: 2..<3)],
                             location: SourceLocation(file: "content/x.json"))
        let session = try #require(Self.built([event]))
        var writer = CacheWriter()
        writer.write(session)
        var reader = CacheReader(writer.bytes)
        let back: Session = try reader.read()
        #expect(back == session && back.messages[0].styles.count == 2)
    }

    /// A Slack export with styles, built into a site: the page shows them, the export
    /// lists them (and is valid against its schema), and search sees the clean text.
    @Test func aStyledSiteBuilds() throws {
        let folder = try TemporaryFolder()
        let content = folder.url.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let messages = """
        {"ok": true, "channel_name": "dev", "messages": [
          {"type": "message", "user": "U1", "ts": "1700000000.000100", "text": "*Deploy* with `make &lt;all&gt;`:\\n```\\n&lt;script&gt;alert(1)&lt;/script&gt;\\n```\\n&gt; _quoted_ advice"},
          {"type": "message", "user": "U2", "ts": "1700000060.000200", "text": "plain reply"}
        ]}
        """
        try Data(messages.utf8).write(to: content.appendingPathComponent("dev.json"))
        _ = try build(BuildOptions(site: folder.url))
        let output = folder.url.appendingPathComponent("public")
        let pages = try SiteReader.files(in: output, withExtension: "html")
        let session = try #require(pages.first { $0.relative.hasPrefix("sessions/") })
        let html = try String(contentsOf: session.url, encoding: .utf8)
        #expect(html.contains("<div class=\"text e-content\"><strong>Deploy</strong> with <code>make &lt;all&gt;</code>:<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre><blockquote><em>quoted</em> advice</blockquote></div>"))
        #expect(html.contains("<p class=\"text e-content\">plain reply</p>"))
        #expect(!html.contains("<script>alert"))

        let data = try Data(contentsOf: output.appendingPathComponent("data/archive.json"))
        let export = try JSONDecoder().decode(ArchiveExport.self, from: data)
        let exported = try #require(export.sessions.first?.messages)
        #expect(exported[0].text == "Deploy with make <all>:\n<script>alert(1)</script>\nquoted advice")
        #expect(exported[0].styles?.map(\.kind) == ["bold", "code", "pre", "quote", "italic"])
        #expect(exported[1].styles == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = String(decoding: try encoder.encode(export) + Data("\n".utf8), as: UTF8.self)
        let ours = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\u003c", with: "<")
            .replacingOccurrences(of: "\\u003e", with: ">").replacingOccurrences(of: "\\u0026", with: "&")
        #expect(ours == foundation, "styles are written as JSONEncoder would")

        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
            """, output.appendingPathComponent("data/archive.schema.json").path, output.appendingPathComponent("data/archive.json").path]
        let errors = Pipe()
        check.standardError = errors
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
    }
}
