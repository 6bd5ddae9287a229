import Foundation
import Testing
@testable import ConfabCore

@Suite struct RenderTests {
    func samplePlan() throws -> SitePlan {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        return plan(archive)
    }

    func page(_ files: [OutputFile], _ path: String) throws -> String {
        String(decoding: try #require(files.first { $0.path == path }).bytes, as: UTF8.self)
    }

    @Test func builtInThemeIsTheRepositoryTemplatesFolder() throws {
        let folder = Repository.root.appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(Theme.builtIn.map(\.name).sorted() == names)
        for file in Theme.builtIn {
            #expect(file.bytes == (try Data(contentsOf: folder.appendingPathComponent(file.name))), "\(file.name)")
        }
    }

    @Test func rendersWithTheBuiltInThemeAlone() throws {
        let files = try Renderer.render(try samplePlan(), theme: Theme(overrides: []))
        let plan = try samplePlan()
        #expect(files.map(\.path).sorted() == (plan.paths + ["search.js", "style.css"]).sorted())
        let session = try page(files, "sessions/badgechat-2018-03-05.html")
        #expect(session.hasPrefix("<!DOCTYPE html>"))
        #expect(session.contains("<link rel=\"stylesheet\" href=\"../style.css\">"))
        #expect(session.contains("<h3>Questions</h3>"))
        #expect(session.contains("<li class=\"message h-entry moderator\" id=\"m1\">"))
    }

    @Test func siteTemplatesOverrideOneFileAtATime() throws {
        let override = ThemeFile(name: "index.mustache", origin: "templates/index.mustache",
                                 bytes: Data("{{<layout}}{{$main}}<p>Custom: {{totals}}</p>{{/main}}{{/layout}}".utf8))
        let css = ThemeFile(name: "style.css", origin: "templates/style.css", bytes: Data("body{}".utf8))
        let extra = ThemeFile(name: "img/logo.svg", origin: "templates/img/logo.svg", bytes: Data("<svg/>".utf8))
        let files = try Renderer.render(try samplePlan(), theme: Theme(overrides: [override, css, extra]))
        let index = try page(files, "index.html")
        #expect(index.contains("<p>Custom: 1 session · 63 messages · 10 participants · 4 questions</p>"))
        // The built-in layout still wraps the overridden page; other pages keep the built-in template.
        #expect(index.contains("<a class=\"skip-link\""))
        #expect(try page(files, "sessions/badgechat-2018-03-05.html").contains("class=\"transcript\""))
        #expect(try page(files, "style.css") == "body{}")
        #expect(try page(files, "img/logo.svg") == "<svg/>")
    }

    @Test func themeFileMayNotReplaceAGeneratedPage() throws {
        let stray = ThemeFile(name: "index.html", origin: "templates/index.html", bytes: Data("<p>old</p>".utf8))
        #expect {
            try Renderer.render(try samplePlan(), theme: Theme(overrides: [stray]))
        } throws: { error in
            (error as? ConfabError)?.location?.file == "templates/index.html"
        }
    }

    @Test func templateThatDoesNotParseNamesFileAndLine() {
        let broken = ThemeFile(name: "session.mustache", origin: "templates/session.mustache",
                               bytes: Data("<h1>\n{{#messages}}\n<p>{{text}}</p>\n{{/message}}\n".utf8))
        #expect {
            try Theme(overrides: [broken])
        } throws: { error in
            (error as? ConfabError)?.location == SourceLocation(file: "templates/session.mustache", line: 4)
        }
    }

    @Test func transcriptTextIsEscapedInPages() throws {
        let text = """
        #demo Archive

        Monday January 1, 2024
        6:00 PM UTC

          • x<y Jan 1 @ 6:01 PM UTC
            <script>alert("hi")</script> & "quotes"
        """
        let (archive, _) = archive([SourceFile(path: "content/demo.txt", text: text)])
        let plan = plan(archive)
        let files = try Renderer.render(plan, theme: Theme(overrides: []))
        let html = try page(files, "sessions/demo-2024-01-01.html")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("<a class=\"author p-author h-card\" href=\"../people/x-y.html\">x&lt;y</a>"))
    }
}

/// Every stored property of every view reachable from the sample plan can be
/// looked up by name, so a property added to a view cannot silently vanish from pages.
@Suite struct ViewLookupTests {
    @Test func everyPropertyIsReachableByName() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample),
                                    try Repository.content(Repository.plainSample)])
        let plan = plan(archive, about: "About")
        var checkedTypes = Set<String>()
        /// The value a template would see, as text: optionals unwrapped, nil as `.null`.
        func describe(_ value: Any) -> String {
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else {
                return (value as? any TemplateRepresentable).map { String(describing: $0.templateValue) } ?? "not representable"
            }
            return mirror.children.first.map { describe($0.value) } ?? String(describing: TemplateValue.null)
        }
        func visit(_ value: Any) throws {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                if let some = mirror.children.first { try visit(some.value) }
                return
            }
            if mirror.displayStyle == .collection { try mirror.children.forEach { try visit($0.value) }; return }
            guard mirror.displayStyle == .struct, let object = value as? any TemplateObject else { return }
            checkedTypes.insert("\(type(of: value))")
            for child in mirror.children {
                guard let label = child.label else { continue }
                // The value by name must be the property itself, not merely something.
                #expect(object.templateValue(named: label).map { String(describing: $0) } == describe(child.value), "\(type(of: value)).\(label)")
                // And by the field a template's name is matched to when parsed.
                let field = try #require(TemplateField.byName[label], "\(label) is not a TemplateField")
                #expect(object.templateValue(field: field).map { String(describing: $0) } == describe(child.value), "\(type(of: value)).\(label)")
                try visit(child.value)
            }
        }
        try plan.pages.forEach { try visit($0.view) }
        #expect(checkedTypes.count >= 28, "\(checkedTypes.sorted())")
    }
}
