import Foundation

/// Confab's version, shown by `confab --version` and in each page's generator tag.
public let confabVersion = "0.1.0"

public struct BuildOptions: Sendable {
    public var site: URL
    public var output: URL
    /// Warnings fail the build, before anything is written.
    public var strict: Bool

    public init(site: URL, output: URL? = nil, strict: Bool = false) {
        self.site = site
        self.output = output ?? site.appendingPathComponent("public")
        self.strict = strict
    }
}

public struct BuildReport: Sendable {
    public var sessions: Int
    public var messages: Int
    public var participants: Int
    public var pagesWritten: Int
    public var filesWritten: Int
    public var diagnostics: [Diagnostic]
}

/// The whole pipeline: read → normalize → summarize → plan → render → write.
public func build(_ options: BuildOptions) throws -> BuildReport {
    try OutputLocation.check(options.output, site: options.site)

    let (archive, input, diagnostics) = try readArchive(site: options.site)          // read, normalize
    let summaries = Summarizer.summarize(archive, about: input.about?.text)          // summarize
    let plan = Planner.plan(archive, summaries, version: confabVersion)              // plan
    let files = try Renderer.render(plan, theme: Theme(overrides: input.templates))  // render
    if options.strict, !diagnostics.isEmpty {
        throw StrictFailure(diagnostics: diagnostics)
    }
    try SiteWriter.write(files, to: options.output)                                 // write

    return BuildReport(
        sessions: archive.sessions.count, messages: archive.messageCount,
        participants: archive.participants.count,
        pagesWritten: plan.pages.count, filesWritten: files.count, diagnostics: diagnostics
    )
}

/// The first two stages, read → normalize: all that `confab check` runs.
public func readArchive(site: URL) throws -> (archive: Archive, input: SiteInput, diagnostics: [Diagnostic]) {
    let input = try SiteReader.read(site: site)                                  // read: files
    let (transcripts, readDiagnostics) = TranscriptReader.read(input.transcripts) // read: formats
    let (archive, normalizeDiagnostics) = Normalizer.normalize(transcripts, config: input.config)
    return (archive, input, input.diagnostics + readDiagnostics + normalizeDiagnostics)
}

/// `--strict` and the input had warnings: nothing was written.
public struct StrictFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public var description: String {
        "\(Summarizer.plural(diagnostics.count, "warning")) with --strict; nothing written"
    }
}
