import Foundation

/// A file read from the site, with its path as the user knows it (`content/x.txt`).
public struct SourceFile: Sendable, Equatable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Everything the build reads from disk, read in one place so the later stages
/// are pure functions of values.
public struct SiteInput: Sendable {
    public var config: SiteConfig
    /// Everything under `content/` that may hold chats, sorted by path so the file
    /// system's order never shows.
    public var sources: [Source]
    /// The site's own `templates/` files, overriding the built-in theme by name.
    public var templates: [ThemeFile]
    /// `content/about.md`: Markdown for the about page.
    public var about: SourceFile?
    public var diagnostics: [Diagnostic]

    /// Transcripts only, each a source of its own.
    public init(config: SiteConfig = SiteConfig(), transcripts: [SourceFile], templates: [ThemeFile] = [],
                about: SourceFile? = nil, diagnostics: [Diagnostic] = []) {
        self.init(config: config, sources: transcripts.map(Source.init), templates: templates, about: about, diagnostics: diagnostics)
    }

    public init(config: SiteConfig = SiteConfig(), sources: [Source], templates: [ThemeFile] = [],
                about: SourceFile? = nil, diagnostics: [Diagnostic] = []) {
        self.config = config
        self.sources = sources
        self.templates = templates
        self.about = about
        self.diagnostics = diagnostics
    }
}

/// The read stage's file input.
public enum SiteReader {
    public static let configFile = "site.yaml"
    public static let aboutFile = "about.md"

    public static func read(site: URL) throws -> SiteInput {
        let content = site.appendingPathComponent("content")
        guard isDirectory(content) else {
            throw ConfabError("no content folder at \(content.path); run confab in a site folder or pass --site")
        }
        var diagnostics: [Diagnostic] = []

        var config = SiteConfig()
        let configURL = content.appendingPathComponent(configFile)
        if FileManager.default.fileExists(atPath: configURL.path) {
            if let file = try readText(configURL, path: "content/\(configFile)", diagnostics: &diagnostics) {
                let (parsed, found) = try ConfigReader.parse(file)
                config = parsed
                diagnostics += found
            }
        }

        if config.baseURL == nil {
            // A site that asks not to be indexed gets its robots.txt anyway, and never a sitemap.
            let missing = config.noindex ? "feed.xml needs an absolute address and is not written"
                : config.series.contains(where: \.noindex) ? "feed.xml and sitemap.xml need absolute addresses and are not written"
                : "feed.xml, sitemap.xml and robots.txt need absolute addresses and are not written"
            diagnostics.append(.warning(SourceLocation(file: "content/\(configFile)"), "no base_url: \(missing)"))
        }

        let sources = try SourceFinder.sources(in: content, skip: [configFile, aboutFile],
                                               claimsFolder: FormatRegistry.claimsFolder, diagnostics: &diagnostics)

        let aboutURL = content.appendingPathComponent(aboutFile)
        let about = FileManager.default.fileExists(atPath: aboutURL.path)
            ? try readText(aboutURL, path: "content/\(aboutFile)", diagnostics: &diagnostics) : nil

        let templatesFolder = site.appendingPathComponent("templates")
        var templates: [ThemeFile] = []
        if isDirectory(templatesFolder) {
            templates = try files(in: templatesFolder, withExtension: nil).map {
                ThemeFile(name: $0.relative, origin: "templates/\($0.relative)", bytes: try Data(contentsOf: $0.url))
            }
        }
        return SiteInput(config: config, sources: sources, templates: templates, about: about, diagnostics: diagnostics)
    }

    /// A text file; one that cannot be decoded as text is a diagnostic and nil. Past `limit`
    /// bytes, only what comes before the limit's last line end is read, with a warning.
    static func readText(_ url: URL, path: String, limit: Int? = nil, diagnostics: inout [Diagnostic]) throws -> SourceFile? {
        var data: Data
        do {
            let size = (try? url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
            if let limit, size > limit {
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                data = try handle.read(upToCount: limit) ?? Data()
                if let end = data.lastIndex(of: 0x0A) { data = data.prefix(through: end) }
                let lines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                diagnostics.append(.warning(SourceLocation(file: path, line: lines),
                    "the file holds \(Wording.bytes(size)); its first \(Wording.bytes(data.count)) (to this line) are read and the rest is left out: "
                    + "Confab holds a source in memory while it reads it, so split a log this large (by year or month)"))
            } else {
                data = try Data(contentsOf: url)
            }
        } catch {
            throw ConfabError("cannot read file: \(error.localizedDescription)", at: SourceLocation(file: path))
        }
        let (text, found) = TextDecoding.decode(data, path: path)
        diagnostics += found
        return text.map { SourceFile(path: path, text: $0) }
    }

    /// Regular files below `folder`, recursively, skipping hidden ones, sorted by relative path.
    static func files(in folder: URL, withExtension ext: String?) throws -> [(url: URL, relative: String)] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        let base = folder.standardizedFileURL.path + "/"
        var found: [(URL, String)] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            if let ext, url.pathExtension.lowercased() != ext { continue }
            let full = url.standardizedFileURL.path
            found.append((url, full.hasPrefix(base) ? String(full.dropFirst(base.count)) : url.lastPathComponent))
        }
        return found.sorted { $0.1 < $1.1 }
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
