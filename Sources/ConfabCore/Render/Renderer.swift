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
    /// Pages rendered at a time: enough to keep both cores busy, few enough that a
    /// build holds only a sliver of the site (and of the views) in memory.
    public static let batchSize = 128

    /// Builds each page's view and fills its template, on every core, in the pages' order.
    public static func render(_ pages: ArraySlice<Page>, theme: Theme) throws -> [OutputFile] {
        try Parallel.map(Array(pages)) { page in
            guard let html = try theme.library.render(page.view, withTemplate: page.template) else {
                throw ConfabError("no template '\(page.template)\(Theme.templateExtension)' for \(page.path)")
            }
            return OutputFile(path: page.path, bytes: Data(html))
        }
    }

    /// Makes each deferred file, on every core, in their order.
    public static func make(_ files: ArraySlice<DeferredFile>) -> [OutputFile] {
        Parallel.map(Array(files)) { $0.file }
    }

    /// The theme's files copied as they are; one that would replace a generated file is an error.
    public static func assets(_ theme: Theme, besides plan: SitePlan) throws -> [OutputFile] {
        let generated = Set(plan.paths)
        return try theme.assets.map { asset in
            // A stray `templates/index.html` must not silently replace the generated page.
            guard !generated.contains(asset.name) else {
                throw ConfabError("theme file would overwrite the generated page \(asset.name); rename or remove it",
                                  at: SourceLocation(file: asset.origin))
            }
            return OutputFile(path: asset.name, bytes: asset.bytes)
        }
    }

    /// The whole site at once (for tests and small sites): pages, planned files, assets.
    public static func render(_ plan: SitePlan, theme: Theme) throws -> [OutputFile] {
        let assets = try assets(theme, besides: plan)
        return try render(plan.pages[...], theme: theme) + plan.allFiles + assets
    }
}
