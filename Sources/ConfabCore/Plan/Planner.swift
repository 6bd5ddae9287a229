/// A page to render: where it goes, which template, and the values it shows.
public struct Page: Sendable {
    public var path: String
    public var template: String
    public var view: any PageView
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
        var pages = [context.indexPage()]
        pages += archive.sessions.indices.map(context.sessionPage)
        pages += context.peoplePages()
        pages += context.questionPages()
        pages += context.seriesPages()
        pages += context.tagPages()
        pages += context.textPages()
        let (search, index) = context.searchPage()
        pages.append(search)
        return SitePlan(pages: pages, files: context.recapFiles() + context.feedFiles(pages: pages) + context.exportFiles() + index)
    }
}
