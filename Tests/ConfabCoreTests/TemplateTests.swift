import Foundation
import Testing
@testable import ConfabCore
import Mustache

/// Test data that both template engines can read: a dictionary tree.
indirect enum Fixture: TemplateObject {
    case text(String), number(Int), flag(Bool), list([Fixture]), object([String: Fixture])

    var templateValue: TemplateValue {
        switch self {
        case .text(let text): .string(text)
        case .number(let number): .int(number)
        case .flag(let flag): .bool(flag)
        case .list(let list): list.templateValue
        case .object: .object(self)
        }
    }

    func templateValue(named name: String) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[name]?.templateValue
    }

    /// The same data as swift-mustache reads it.
    var mustacheValue: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .list(let list): list.map(\.mustacheValue)
        case .object(let fields): fields.mapValues(\.mustacheValue)
        }
    }
}

@Suite struct TemplateTests {
    static let data = Fixture.object([
        "title": .text("Tom & \"Jerry\" <b>'s</b>"),
        "count": .number(3), "zero": .number(0), "yes": .flag(true), "no": .flag(false),
        "empty": .list([]), "blank": .text(""),
        "people": .list([
            .object(["name": .text("Ann"), "role": .text("host")]),
            .object(["name": .text("Bo")]),
            .object(["name": .text("Cy"), "tags": .list([.text("a"), .text("b")])]),
        ]),
        "words": .list([.text("x"), .text("y")]),
        "session": .object(["link": .object(["href": .text("s.html"), "text": .text("Session")]), "name": .text("inner")]),
        "name": .text("outer"),
    ])

    static let partials = [
        "row": "<li>{{name}}</li>\n",
        "lines": "one {{name}}\ntwo\n{{#people}}\n- {{name}}\n{{/people}}\n",
        "layout": "<html>\n  <head>{{$head}}<title>default</title>{{/head}}</head>\n<main>\n{{$main}}nothing{{/main}}\n</main>\n</html>\n",
        "frame": "[{{$body}}default body{{/body}}]",
        "middle": "{{<frame}}{{$body}}middle {{$inner}}inner default{{/inner}}{{/body}}{{/frame}}",
    ]

    /// Templates and whitespace cases swift-mustache (which the theme was written for) renders;
    /// Confab's engine must give the same bytes.
    static let cases: [String] = [
        "plain text, no tags\n",
        "{{title}} / {{{title}}} / {{& title}}",
        "{{count}} {{zero}} {{yes}} {{no}} [{{missing}}] [{{blank}}]",
        "{{#people}}{{name}}{{#role}} ({{role}}){{/role}}{{^last()}}, {{/last()}}{{/people}}",
        "{{#people}}{{index()}}{{#first()}}F{{/first()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}} {{/people}}",
        "<ul>\n{{#people}}\n  <li>{{name}}</li>\n{{/people}}\n</ul>\n",
        "  {{#yes}}  \nindented section lines vanish\n  {{/yes}}  \nend\n",
        "{{#no}}hidden{{/no}}{{^no}}shown{{/no}}{{^yes}}hidden{{/yes}}{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}",
        "{{#zero}}zero is truthy{{/zero}}{{#blank}}[blank is truthy]{{/blank}}{{^missing}}missing{{/missing}}",
        "{{#empty(people)}}no people{{/empty(people)}}{{^empty(people)}}{{count(people)}} people{{/empty(people)}}",
        "{{uppercased(name)}} {{lowercased(title)}} {{reversed(name)}} {{plusone(count)}} {{minusone(count)}} {{#equalzero(zero)}}z{{/equalzero(zero)}}",
        "{{#first(people)}}{{name}}{{/first(people)}}-{{#last(people)}}{{name}}{{/last(people)}}-{{#reversed(people)}}{{name}}{{/reversed(people)}}",
        "{{session.link.href}} {{session.link.text}} {{session.nothing.href}} {{#session}}{{name}} {{.name}}{{/session}}",
        "{{#session.link}}<a href=\"{{href}}\">{{text}}</a> {{name}}{{/session.link}}",
        "{{#words}}{{.}};{{/words}} {{#people}}{{#tags}}{{.}}{{name}}{{/tags}}{{/people}}",
        "{{! a comment }}a\n{{! standalone comment }}\nb {{! inline }} c\n  {{!\n  multi-line\n  }}\nd\n",
        "{{=<% %>=}}<% title %> {{title}} <%={{ }}=%>{{count}}",
        "before\n{{>row}}\nafter\n",
        "<ul>\n  {{>lines}}\n</ul>\n",
        "{{#people}}\n  {{>row}}\n{{/people}}\n",
        "{{<layout}}\n{{$main}}\n<p>{{title}}</p>\n{{/main}}\n{{/layout}}\n",
        "{{<layout}}{{$head}}<title>{{count}}</title>{{/head}}{{/layout}}",
        "{{<layout}}{{/layout}}",
        "{{<middle}}{{$inner}}given{{/inner}}{{/middle}}",
        "{{<frame}}{{$body}}\n  line one\n  line two\n{{/body}}{{/frame}}",
        "{{%CONTENT_TYPE:TEXT}}{{title}}{{#people}}{{%CONTENT_TYPE:HTML}}{{title}}{{/people}}|{{title}}",
        "crlf\r\n{{#yes}}\r\nkept\r\n{{/yes}}\r\ndone",
        "{{#people}}{{#yes}}{{^last()}}+{{/last()}}{{/yes}}{{/people}}",
        "{{ title }}{{# yes }}y{{/ yes }}",
        "text with { braces } and {single} and }} closers",
        "{{missing.deep.name}}{{#missing}}x{{/missing}}",
        "{{>missing-partial}}end",
        // A standalone tag's indentation goes with its line, at the end of a template too.
        "  {{#people}}\n  {{name}}\n  {{/people}}\n",
        "  {{! c }}",
        "\t{{#yes}}\t\r\nT\r\n\t{{/yes}}\t\r\n",
    ]

    @Test(arguments: cases) func rendersAsSwiftMustacheDoes(template: String) throws {
        var library = TemplateLibrary()
        var reference = MustacheLibrary()
        for (name, text) in Self.partials {
            library.register(try Template(text), named: name)
            reference.register(try MustacheTemplate(string: text), named: name)
        }
        library.register(try Template(template), named: "case")
        reference.register(try MustacheTemplate(string: template), named: "case")
        let ours = String(decoding: try #require(try library.render(Self.data, withTemplate: "case")), as: UTF8.self)
        let theirs = try #require(reference.render(Self.data.mustacheValue, withTemplate: "case"))
        #expect(ours == theirs)
    }

    /// A field that holds nil stops the lookup: a quote without a time must not show the
    /// time of the message around it (swift-mustache goes on up the stack).
    @Test func aFieldHoldingNilHidesTheOuterOne() throws {
        struct Inner: TemplateObject {
            var time: String?
            func templateValue(named name: String) -> TemplateValue? { name == "time" ? time.templateValue : nil }
        }
        struct Outer: TemplateObject {
            var time: String?
            var quotes: [Inner]
            func templateValue(named name: String) -> TemplateValue? {
                switch name {
                case "time": time.templateValue
                case "quotes": quotes.templateValue
                default: nil
                }
            }
        }
        var library = TemplateLibrary()
        library.register(try Template("{{#quotes}}[{{#time}}{{time}}{{/time}}{{^time}}none{{/time}}]{{/quotes}}"), named: "t")
        let html = try library.render(Outer(time: "6:30 PM", quotes: [Inner(time: nil), Inner(time: "6:31 PM")]), withTemplate: "t")
        #expect(html.map { String(decoding: $0, as: UTF8.self) } == "[none][6:31 PM]")
    }

    /// A template that includes itself is an error naming it, not a crash.
    @Test func partialsThatNestWithoutEndStop() throws {
        var library = TemplateLibrary()
        library.register(try Template("<p>{{>again}}</p>"), named: "again")
        library.register(try Template("{{#people}}{{>again}}{{/people}}"), named: "page")
        #expect {
            try library.render(Self.data, withTemplate: "page")
        } throws: { error in
            (error as? ConfabError)?.message == "partials nest more than 100 deep at 'again': does a template include itself?"
        }
    }

    /// A block given with a block of its own name inside is an error, not a stack overflow.
    @Test func blocksThatNestWithoutEndStop() throws {
        var library = TemplateLibrary()
        library.register(try Template("[{{$body}}default{{/body}}]"), named: "frame")
        library.register(try Template("{{<frame}}{{$body}}a{{$body}}b{{/body}}{{/body}}{{/frame}}"), named: "page")
        #expect(throws: ConfabError.self) { try library.render(Self.data, withTemplate: "page") }
    }

    /// The parser recurses into each section: thousands nested are an error, not a stack overflow.
    @Test func deeplyNestedSectionsAreAnError() {
        let template = String(repeating: "{{#a}}", count: 5_000) + String(repeating: "{{/a}}", count: 5_000)
        #expect {
            try Template(template)
        } throws: { error in
            (error as? TemplateSyntaxError)?.message == "sections nest more than 200 deep"
        }
        #expect(throws: Never.self) { try Template(String(repeating: "{{#a}}", count: 150) + String(repeating: "{{/a}}", count: 150)) }
    }

    @Test func escapesTheFiveCharactersAndDropsControlCharacters() throws {
        var library = TemplateLibrary()
        library.register(try Template("{{title}}|{{{title}}}"), named: "t")
        let value = Fixture.object(["title": .text("a&b<c>d\"e'f\u{1}g\u{7F}h\tj\u{FFFE}k é 日本")])
        let html = String(decoding: try #require(try library.render(value, withTemplate: "t")), as: UTF8.self)
        #expect(html == "a&amp;b&lt;c&gt;d&quot;e&#39;fgh\tjk é 日本|a&b<c>d\"e'f\u{1}g\u{7F}h\tj\u{FFFE}k é 日本")
        #expect(HTML.escape("<\u{FFFF}>") == "&lt;&gt;")
    }

    @Test(arguments: [
        ("<p>\n{{#open}}\n<b>\n", 4, "'open' is not closed"),
        ("a\nb\n{{#x}}\n{{/y}}\n", 4, "'{{/y}}' closes 'x'"),
        ("{{/y}}", 1, "'{{/y}}' closes no section"),
        ("line\n{{name", 2, "tag is not closed by '}}'"),
        ("{{{name}}", 1, "'{{{' is not closed by '}}}'"),
        ("\n\n{{=<% %>}}", 3, "a delimiter change is written {{=<% %>=}}"),
        ("{{! never closed", 1, "comment is not closed"),
        ("{{<layout}}<p>{{name}}</p>{{/layout}}", 1, "only blocks ({{$name}}) may be inside '{{<layout}}'"),
        ("{{a(b}}", 1, "'a(b' is not a name or a transform of one"),
        ("{{%CONTENT_TYPE:PDF}}", 1, "unknown setting {{%CONTENT_TYPE:PDF}}"),
    ] as [(String, Int, String)])
    func syntaxErrorsNameTheirLine(template: String, line: Int, message: String) {
        #expect {
            try Template(template)
        } throws: { error in
            let error = error as? TemplateSyntaxError
            return error?.line == line && error?.message == message
        }
    }
}
