import Foundation

/// Confab's version, shown by `confab --version` and in each page's generator tag.
public let confabVersion = "0.1.0"

public struct BuildOptions: Sendable {
    public var site: URL
    public var output: URL
    /// Warnings fail the build, before anything is written.
    public var strict: Bool
    /// Run every stage even when the build cache says nothing changed.
    public var force: Bool
    /// What built the site: a different tool may write different bytes from the same input.
    public var tool: String

    public init(site: URL, output: URL? = nil, strict: Bool = false, force: Bool = false, tool: String = toolIdentity) {
        self.site = site
        self.output = output ?? site.appendingPathComponent("public")
        self.strict = strict
        self.force = force
        self.tool = tool
    }
}

/// The version and the running executable's size and time: a rebuilt binary of the
/// same version (a developer's) is another tool too.
public let toolIdentity: String = {
    var identity = "confab \(confabVersion)"
    var info = stat()
    if let path = Bundle.main.executablePath, stat(path, &info) == 0 {
        let modified = BuildCache.modificationTime(info)
        identity += " \(info.st_size) \(modified.tv_sec).\(modified.tv_nsec)"
    }
    return identity
}()

public struct BuildReport: Sendable {
    /// Seconds spent in each stage, in pipeline order.
    public var timings: [(stage: String, seconds: Double)]
    public var sessions: Int
    public var messages: Int
    public var participants: Int
    public var pagesWritten: Int
    public var filesWritten: Int
    /// Files whose bytes differ from the previous build's (the rest keep theirs).
    public var filesChanged: Int
    public var diagnostics: [Diagnostic]
    /// The input and the output were as the last build left them: nothing ran.
    public var upToDate = false
}

/// The whole pipeline: read → normalize → summarize → plan → render → write (a batch of pages at a time).
public func build(_ options: BuildOptions) throws -> BuildReport {
    try OutputLocation.check(options.output, site: options.site)
    var clock = StageClock()

    var input = try clock.time("read") { try SiteReader.read(site: options.site) }
    let salted = PrivacySalt.resolve(input.config, output: options.output)
    input.config = salted.config
    if let diagnostic = salted.diagnostic { input.diagnostics.append(diagnostic) }
    let transcripts = clock.time("cache") { Fingerprint.transcripts(input) }
    let setting = Fingerprint(setting: input, tool: options.tool)
    let fingerprint = Fingerprint(setting: setting, input: input, strict: options.strict, transcripts: transcripts)
    if !options.force, var last = clock.time("cache", { BuildCache.upToDate(fingerprint, output: options.output) }) {
        last.timings = clock.stages
        return last
    }
    // Templates parse first: a broken one stops the build before the long work.
    let theme = try Theme(overrides: input.templates)
    let sessionCache = SessionCache(output: options.output, transcripts: transcripts, config: input.config,
                                    tool: options.tool, force: options.force)
    let (archive, normalized) = clock.time("normalize") { normalize(input, cache: sessionCache) }
    let mediaVersions = MediaFiles.versions(input.sources)
    input.sources = []   // the archive holds what they say: their text is the largest thing read
    // The files the exports hold, named by their bytes (read a batch at a time) before pages link to them.
    let media = clock.time("read") {
        MediaFiles.prepare(SiteMap.attachmentPaths(archive), site: options.site, limits: input.config.media, versions: mediaVersions,
                           known: options.force ? .init() : .load(output: options.output, tool: options.tool))
    }
    let map = SiteMap(archive, media: media.copies)   // every path, decided once: recaps and pages link to them
    // Recaps, search and export parts of sessions unchanged since the last build are taken from it.
    let keys = PageKeys(archive, map: map, setting: setting, transcripts: transcripts)
    let memo = SessionMemo(output: options.output, keys: keys, force: options.force)
    let summaries = clock.time("summarize") { Summarizer.summarize(archive, map: map, about: input.about?.text, memo: memo) }
    let plan = clock.time("plan") { Planner.plan(archive, summaries, map: map, version: confabVersion, memo: memo) }
    let assets = try Renderer.assets(theme, besides: plan)
    let diagnostics = normalized + media.diagnostics
    if diagnostics.contains(where: { $0.severity == .error }) || (options.strict && !diagnostics.isEmpty) {
        throw InputFailure(diagnostics: diagnostics, strict: options.strict)
    }
    // Pages render a batch at a time, each batch written while the next renders, so the
    // site is never whole in memory; `write` is the wait for the last writes and the swap.
    // The staged site holds the output's lock from here: another build can no longer
    // publish between the cache's choice of pages and their being kept.
    let site = try StagedSite(output: options.output)
    // Pages (and search chunks) whose key the last build recorded, their files untouched since, are taken as they are.
    let (pageKeys, unchanged) = clock.time("cache") {
        BuildCache.pages(plan.pages, files: plan.deferred, keys: keys, output: options.output, force: options.force)
    }
    let writer = BackgroundWriter(site)
    writer.add(plan.files + assets)
    // Copies the published site holds already are kept; the rest are read again and written.
    let (keptMedia, newMedia) = MediaFiles.published(media.files, output: options.output, force: options.force)
    writer.keep(keptMedia)
    for batch in MediaFiles.batches(newMedia) {
        writer.add(clock.time("read") { MediaFiles.read(batch, limit: input.config.media.maxFile) })
    }
    writer.keep(unchanged.sorted())
    let pages = plan.pages.filter { !unchanged.contains($0.path) }
    for start in stride(from: 0, to: pages.count, by: Renderer.batchSize) {
        let batch = pages[start..<min(start + Renderer.batchSize, pages.count)]
        writer.add(try clock.time("render") { try Renderer.render(batch, theme: theme) })
    }
    let deferred = plan.deferred.filter { !unchanged.contains($0.path) }
    for start in stride(from: 0, to: deferred.count, by: Renderer.batchSize) {
        let batch = deferred[start..<min(start + Renderer.batchSize, deferred.count)]
        writer.add(clock.time("render") { Renderer.make(batch) })
    }
    for stream in plan.streams {
        writer.write(stream, batch: Renderer.batchSize) { make in clock.time("render", make) }
    }
    let written = try clock.time("write") { try writer.publish() }
    let report = BuildReport(
        timings: clock.stages, sessions: archive.sessions.count, messages: archive.messageCount,
        participants: archive.participants.count,
        pagesWritten: plan.pages.count, filesWritten: written.written + written.unchanged, filesChanged: written.written,
        diagnostics: diagnostics
    )
    // Saved while the lock is held, so the next build reads this record with this output.
    withExtendedLifetime(site) {
        BuildCache.save(report, fingerprint: fingerprint, pageKeys: pageKeys, output: site.output)
        sessionCache.prune()
        memo.prune()
        media.known.save(output: site.output, tool: options.tool)
    }
    return report
}

/// Measures each stage for `--timings`.
struct StageClock {
    private(set) var stages: [(stage: String, seconds: Double)] = []

    /// Runs `work`, adding its time to `stage` (a stage may be timed in several parts).
    mutating func time<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try work()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if let index = stages.firstIndex(where: { $0.stage == stage }) {
            stages[index].seconds += seconds
        } else {
            stages.append((stage, seconds))
        }
        return result
    }
}

/// The first two stages, read → normalize: all that `confab check` runs.
public func readArchive(site: URL) throws -> (archive: Archive, input: SiteInput, diagnostics: [Diagnostic]) {
    var input = try SiteReader.read(site: site)
    input.config = PrivacySalt.resolve(input.config, output: nil).config
    let (archive, diagnostics) = normalize(input)
    return (archive, input, diagnostics)
}

/// Sources read by format, then normalized; every diagnostic so far. A source the
/// session cache holds is taken from it as it was read and normalized before.
func normalize(_ input: SiteInput, cache: SessionCache? = nil) -> (Archive, [Diagnostic]) {
    // Each source becomes sessions where it was read, so its raw form is soon let go.
    let config = input.config, sources = input.sources, settings = ReadSettings(input.config)
    let readings = Parallel.map(Array(sources.indices)) { index in
        if let cached = cache?.reading(index) { return cached }
        let reading = SourceReader.reading(sources[index], settings: settings) { Normalizer.sessions($0, config: config, source: sources[index].path) }
        cache?.store(reading, index)
        return reading
    }
    let (built, readDiagnostics) = SourceReader.withoutCopies(readings, of: sources)
    let (archive, normalizeDiagnostics) = Normalizer.archive(built, config: input.config)
    var diagnostics = input.diagnostics + readDiagnostics + normalizeDiagnostics
    // A mistyped key would leave a members-only series open to search engines, unnoticed.
    let seriesKeys = archive.series.map(\.key)
    for series in config.series where series.noindex && !seriesKeys.contains(series.key) && !seriesKeys.isEmpty {
        let known = seriesKeys.prefix(10).joined(separator: ", ") + (seriesKeys.count > 10 ? ", …" : "")
        diagnostics.append(.warning(SourceLocation(file: "content/\(SiteReader.configFile)"),
            "series '\(series.key)' is noindex but no session is in it (the archive's series: \(known))"))
    }
    // An archive without sessions is a mistake (a wrong --site, unreadable files), and
    // publishing it would replace a good site with an empty one.
    if archive.sessions.isEmpty {
        let reason = input.sources.isEmpty && readDiagnostics.isEmpty && input.diagnostics.isEmpty
            ? "no transcripts or chat exports in content/"
            : "no sessions: none of the transcripts or exports could be read"
        diagnostics.append(Diagnostic(.error, SourceLocation(file: "content"), reason))
    }
    return (archive, diagnostics)
}

/// The input had errors, or warnings under `--strict`: nothing was written.
public struct InputFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var strict: Bool

    public init(diagnostics: [Diagnostic], strict: Bool) {
        self.diagnostics = diagnostics
        self.strict = strict
    }

    /// `2 errors`, or `3 warnings with --strict`.
    public var reason: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return errors > 0 ? Wording.plural(errors, "error") : "\(Wording.plural(diagnostics.count, "warning")) with --strict"
    }

    public var description: String { "\(reason); nothing written" }
}
