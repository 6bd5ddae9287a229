import Foundation

/// A page to render: where it goes, which template, and the values it shows.
public struct Page: Sendable {
    public var path: String
    public var template: String
    /// What the page shows beyond what every page shares (settings, templates, series),
    /// for the build cache: the sessions its content comes from (each standing for its
    /// transcript and the people, tags and pages it names), and facts drawn from the
    /// whole archive. Nil for pages that show the whole archive (indexes), which are
    /// always rendered.
    public var sources: (sessions: [Int], facts: String)?
    private var makeView: @Sendable () -> any PageView

    /// The view is built when asked for — by the render stage, a batch of pages at a
    /// time — so a build never holds every page's view (they hold every message, several times).
    public var view: any PageView { makeView() }

    init(path: String, template: String, sources: (sessions: [Int], facts: String)? = nil,
         view makeView: @escaping @Sendable () -> any PageView) {
        self.path = path
        self.template = template
        self.sources = sources
        self.makeView = makeView
    }

    /// A page whose view is already built (small index pages).
    init(path: String, template: String, view: any PageView) {
        self.init(path: path, template: template) { view }
    }
}

public struct SitePlan: Sendable {
    public var pages: [Page]
    /// Files written as they are: recaps, feeds, the export's schema, the search index.
    public var files: [OutputFile]
    /// Files made when the render stage comes to them, as pages are: the search index's
    /// shards and chunks, which together are larger than the archive's text.
    public var deferred: [DeferredFile] = []
    /// Files made part by part as they are written: the data export.
    public var streams: [StreamedFile] = []

    /// Every path the plan writes to.
    public var paths: [String] { pages.map(\.path) + files.map(\.path) + deferred.map(\.path) + streams.map(\.path) }

    /// Every file but the pages, made now (tests, small sites).
    public var allFiles: [OutputFile] {
        files + deferred.map(\.file) + streams.map { OutputFile(path: $0.path, bytes: $0.bytes) }
    }
}

/// A file whose bytes are made when it is about to be written, on any core.
public struct DeferredFile: Sendable {
    public var path: String
    public var make: @Sendable () -> [UInt8]
    /// The fingerprint of all the bytes depend on, when a few sessions decide them: the
    /// build keeps the last build's file, unmade, when its key is the same (as for pages).
    public var key: String?

    public init(path: String, key: String? = nil, make: @escaping @Sendable () -> [UInt8]) {
        self.path = path
        self.key = key
        self.make = make
    }

    public var file: OutputFile { OutputFile(path: path, bytes: Data(make())) }
}

/// A file too large to hold whole, made a part at a time (on any core) as it is written.
public struct StreamedFile: Sendable {
    public var path: String
    public var parts: Int
    public var part: @Sendable (Int) -> [UInt8]

    /// Every part at once (tests, small sites).
    public var bytes: Data { Data((0..<parts).flatMap(part)) }
}

/// The plan stage: every page of the site, its path and its view model.
public enum Planner {
    /// `memo`: search and export parts kept from the last build, for sessions unchanged since.
    public static func plan(_ archive: Archive, _ summaries: Summaries, map: SiteMap, version: String, memo: SessionMemo = .none) -> SitePlan {
        let context = PlanContext(archive, summaries, map: map, version: version, memo: memo)
        var pageJobs: [PlanContext.PageJob] = [{ [context.indexPage()] }]
        pageJobs += archive.sessions.indices.map { s in { [context.sessionPage(s)] } }
        pageJobs += context.peoplePages()
        pageJobs += context.questionPages()
        pageJobs += [{ context.seriesPages() }]
        pageJobs += context.tagPages()
        pageJobs += [{ context.textPages() }]

        // Tokenizing text is most of the search index's work: done for a batch of sessions at a time, on every core.
        let index = SearchIndex(context)

        // No part needs another, so all run on every core, and come back in this order. The
        // search index's files are the largest single job: it starts first, so no core is
        // left finishing it alone at the end.
        let jobs: [@Sendable () -> SitePlan] = [{ context.searchPage(index) }]
            + pageJobs.map { job in { @Sendable in SitePlan(pages: job(), files: []) } }
        let parts = Parallel.map(jobs) { $0() }
        let search = parts[0]
        let pages = parts.dropFirst().flatMap(\.pages) + search.pages
        let (schema, export) = context.exportFiles()
        return SitePlan(pages: pages, files: context.recapFiles() + context.feedFiles(pages: pages) + [schema] + search.files,
                        deferred: search.deferred, streams: [export])
    }
}
