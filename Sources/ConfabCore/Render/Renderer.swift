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
        // Pages are independent: render them on every core, in plan order.
        var files = try Parallel.map(plan.pages) { page in
            guard let html = try theme.library.render(page.view, withTemplate: page.template) else {
                throw ConfabError("no template '\(page.template)\(Theme.templateExtension)' for \(page.path)")
            }
            return OutputFile(path: page.path, bytes: Data(html))
        }
        files += plan.files
        let pages = Set(files.map(\.path))
        for asset in theme.assets {
            // A stray `templates/index.html` must not silently replace the generated page.
            guard !pages.contains(asset.name) else {
                throw ConfabError("theme file would overwrite the generated page \(asset.name); rename or remove it",
                                  at: SourceLocation(file: asset.origin))
            }
            files.append(OutputFile(path: asset.name, bytes: asset.bytes))
        }
        return files
    }
}
