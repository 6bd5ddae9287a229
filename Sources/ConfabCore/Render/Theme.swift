import Foundation

/// A file of a theme: a Mustache template (`*.mustache`) or an asset copied to the output.
public struct ThemeFile: Sendable, Equatable {
    /// Path inside the theme folder, e.g. `session.mustache` or `style.css`.
    public var name: String
    /// Where it came from, for messages: `templates/session.mustache` or `built-in templates/…`.
    public var origin: String
    public var bytes: Data

    public init(name: String, origin: String, bytes: Data) {
        self.name = name
        self.origin = origin
        self.bytes = bytes
    }
}

/// The templates and assets a site is rendered with: the built-in default theme,
/// overridden one file at a time by the site's own `templates/`.
public struct Theme: Sendable {
    public static let templateExtension = ".mustache"

    /// The repository's `templates/`, compiled into the binary.
    public static let builtIn: [ThemeFile] = [
        ("layout.mustache", PackageResources.layout_mustache),
        ("message.mustache", PackageResources.message_mustache),
        ("session-row.mustache", PackageResources.session_row_mustache),
        ("session-messages.mustache", PackageResources.session_messages_mustache),
        ("pager.mustache", PackageResources.pager_mustache),
        ("index.mustache", PackageResources.index_mustache),
        ("session.mustache", PackageResources.session_mustache),
        ("people.mustache", PackageResources.people_mustache),
        ("person.mustache", PackageResources.person_mustache),
        ("questions.mustache", PackageResources.questions_mustache),
        ("question.mustache", PackageResources.question_mustache),
        ("series-index.mustache", PackageResources.series_index_mustache),
        ("series.mustache", PackageResources.series_mustache),
        ("tag.mustache", PackageResources.tag_mustache),
        ("about.mustache", PackageResources.about_mustache),
        ("not-found.mustache", PackageResources.not_found_mustache),
        ("search.mustache", PackageResources.search_mustache),
        ("style.css", PackageResources.style_css),
        ("search.js", PackageResources.search_js),
    ].map { ThemeFile(name: $0.0, origin: "built-in templates/\($0.0)", bytes: Data($0.1)) }

    public var library: TemplateLibrary
    /// Files other than templates, copied to the output as they are.
    public var assets: [ThemeFile]

    /// Parses every template; a template that does not parse is an error naming its file and line.
    public init(overrides: [ThemeFile]) throws {
        var files: [String: ThemeFile] = [:]
        for file in Theme.builtIn + overrides { files[file.name] = file }
        library = TemplateLibrary()
        assets = []
        for file in files.values.sorted(by: { $0.name < $1.name }) {
            guard file.name.hasSuffix(Theme.templateExtension) else {
                assets.append(file)
                continue
            }
            let name = String(file.name.dropLast(Theme.templateExtension.count))
            guard let text = String(data: file.bytes, encoding: .utf8) else {
                throw ConfabError("template is not valid UTF-8", at: SourceLocation(file: file.origin))
            }
            do {
                library.register(try Template(text), named: name)
            } catch {
                throw ConfabError("template does not parse: \(error.message)", at: SourceLocation(file: file.origin, line: error.line))
            }
        }
    }
}
