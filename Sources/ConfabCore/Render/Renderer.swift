import Foundation

/// A file of the finished site: a path inside the output folder and its bytes.
public struct OutputFile: Sendable, Equatable {
    public var path: String
    public var bytes: Data

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }
}

/// The render stage: each planned page through its template, plus the theme's assets.
public enum Renderer {
    public static func render(_ plan: SitePlan, theme: Theme) throws -> [OutputFile] {
        var files = try plan.pages.map { page in
            guard let html = theme.library.render(page.view, withTemplate: page.template) else {
                throw ConfabError("no template '\(page.template)\(Theme.templateExtension)' for \(page.path)")
            }
            return OutputFile(path: page.path, bytes: Data(html.utf8))
        }
        files += theme.assets.map { OutputFile(path: $0.name, bytes: $0.bytes) }
        return files
    }
}
