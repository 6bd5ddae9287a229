/// A page to render: where it goes, which template, and the values it shows.
public struct Page: Sendable {
    public var path: String
    public var template: String
    private var makeView: @Sendable () -> any PageView

    /// The view is built when asked for — by the render stage, a batch of pages at a
    /// time — so a build never holds every page's view (they hold every message, several times).
    public var view: any PageView { makeView() }

    init(path: String, template: String, view makeView: @escaping @Sendable () -> any PageView) {
        self.path = path
        self.template = template
        self.makeView = makeView
    }

    /// A page whose view is already built (small index pages).
    init(path: String, template: String, view: any PageView) {
        self.init(path: path, template: template) { view }
    }
}

public struct SitePlan: Sendable {
    public var pages: [Page]
    /// Files written as they are: recaps, feeds, the data export, the search index.
    public var files: [OutputFile]
}

/// The plan stage: every page of the site, its path and its view model.
public enum Planner {
    public static func plan(_ archive: Archive, _ summaries: Summaries, map: SiteMap, version: String) -> SitePlan {
        let context = PlanContext(archive, summaries, map: map, version: version)
        var pageJobs: [PlanContext.PageJob] = [{ [context.indexPage()] }]
        pageJobs += archive.sessions.indices.map { s in { [context.sessionPage(s)] } }
        pageJobs += context.peoplePages()
        pageJobs += context.questionPages()
        pageJobs += [{ context.seriesPages() }]
        pageJobs += context.tagPages()
        pageJobs += [{ context.textPages() }]

        // Encoding JSON and tokenizing text are most of the data export's and the search index's
        // work: done for each session first, on every core.
        let perSession = Parallel.map(Array(archive.sessions.indices)) { s in
            (export: ArchiveExport.encoded(context.exportSession(s)), search: SearchIndex.documents(session: s, context))
        }

        // No part needs another, so all run on every core, and come back in this order. The
        // data export and the search index are the largest single jobs: they start first,
        // so no core is left finishing one alone at the end.
        let jobs: [@Sendable () -> SitePlan] = [
            { SitePlan(pages: [], files: context.exportFiles(sessions: perSession.map(\.export))) },
            { context.searchPage(sessions: perSession.map(\.search)) },
        ] + pageJobs.map { job in { @Sendable in SitePlan(pages: job(), files: []) } }
        let parts = Parallel.map(jobs) { $0() }
        let (export, search) = (parts[0], parts[1])
        let pages = parts.dropFirst(2).flatMap(\.pages) + search.pages
        return SitePlan(pages: pages, files: context.recapFiles() + context.feedFiles(pages: pages) + export.files + search.files)
    }
}
