extension PlanContext {
    /// `index.html`: sessions by year, newest first, with totals and a chart.
    func indexPage() -> Page {
        let path = SiteMap.index
        var years: [YearView] = []
        for index in archive.sessions.indices.reversed() {
            let year = "\(archive.sessions[index].date.year)"
            if years.last?.year != year { years.append(YearView(year: year, sessions: [])) }
            years[years.count - 1].sessions.append(sessionRow(index, from: path))
        }
        let questions = archive.sessions.reduce(0) { $0 + $1.questions.count }
        let view = IndexPageView(
            site: site(for: path), pageTitle: archive.config.title,
            descriptionHTML: summaries.siteDescriptionHTML,
            totals: [Wording.plural(archive.sessions.count, "session"), Wording.plural(archive.messageCount, "message"),
                     Wording.plural(archive.participants.count, "participant"), Wording.plural(questions, "question")]
                .joined(separator: " · "),
            sections: [
                LinkView(href: link(path, SiteMap.peopleIndex), text: "\(Wording.plural(archive.participants.count, "person", "people"))"),
                LinkView(href: link(path, SiteMap.questionsIndex), text: "\(Wording.plural(questions, "question"))"),
                LinkView(href: link(path, SiteMap.seriesIndex), text: "\(Wording.plural(archive.series.count, "series", "series"))"),
            ],
            chart: Charts.sessionsOverTime(archive.sessions),
            hasSessions: !archive.sessions.isEmpty,
            years: years
        )
        return Page(path: path, template: "index", view: view)
    }

    /// `series/index.html` and a page per series with its sessions and regulars.
    func seriesPages() -> [Page] {
        let indexPath = SiteMap.seriesIndex
        func aliases(_ series: Series) -> String? {
            series.aliases.isEmpty ? nil : "Also " + series.aliases.map { "#\($0)" }.joined(separator: ", ")
        }
        let index = SeriesIndexView(
            site: site(for: indexPath), pageTitle: "Series — \(archive.config.title)", breadcrumbs: [],
            series: archive.series.map { series in
                SeriesRowView(href: link(indexPath, map.series[series.key]!), name: series.name, aliases: aliases(series),
                              sessions: Wording.plural(series.sessionIndices.count, "session"), span: span(series.sessionIndices))
            }
        )
        var pages = [Page(path: indexPath, template: "series-index", view: index)]
        for series in archive.series {
            let path = map.series[series.key]!
            var attended: [String: (sessions: Int, messages: Int)] = [:]
            for s in series.sessionIndices {
                for author in archive.sessions[s].authors {
                    attended[author.key, default: (0, 0)].sessions += 1
                    attended[author.key, default: (0, 0)].messages += author.count
                }
            }
            let regulars = attended.sorted { ($1.value.sessions, $1.value.messages, $0.key) < ($0.value.sessions, $0.value.messages, $1.key) }
                .prefix(20).compactMap { key, counts in
                    personLink(key, from: path).map {
                        RegularView(person: $0, counts: "\(Wording.plural(counts.sessions, "session")) · \(Wording.plural(counts.messages, "message"))")
                    }
                }
            let messages = series.sessionIndices.reduce(0) { $0 + archive.sessions[$1].messageCount }
            let view = SeriesPageView(
                site: site(for: path), pageTitle: "\(series.name) — \(archive.config.title)",
                breadcrumbs: breadcrumbs(path, [(SiteMap.seriesIndex, "Series")]),
                name: series.name, aliases: aliases(series),
                totals: "\(Wording.plural(series.sessionIndices.count, "session")) · \(Wording.plural(messages, "message")) · \(span(series.sessionIndices))",
                sessions: series.sessionIndices.reversed().map { sessionRow($0, from: path) },
                regulars: regulars
            )
            pages.append(Page(path: path, template: "series", view: view))
        }
        return pages
    }

    /// `search.html` and the files of the index it searches.
    func searchPage(_ index: SearchIndex) -> SitePlan {
        let view = SearchPageView(site: site(for: SiteMap.search), pageTitle: "Search — \(archive.config.title)",
                                  series: archive.series.map(\.name), platforms: platforms.count > 1 ? platforms : [])
        let (meta, deferred) = index.files(self)
        return SitePlan(pages: [Page(path: SiteMap.search, template: "search", view: view)], files: [meta], deferred: deferred)
    }

    /// `about.html` when `content/about.md` exists, and `404.html`.
    func textPages() -> [Page] {
        var pages: [Page] = []
        if let about = summaries.aboutHTML {
            pages.append(Page(path: SiteMap.about, template: "about", view: TextPageView(
                site: site(for: SiteMap.about), pageTitle: "About — \(archive.config.title)", breadcrumbs: [], bodyHTML: about)))
        }
        // A host serves 404.html at any depth, where relative links break: with a
        // base URL its links are absolute.
        var notFoundSite = site(for: SiteMap.notFound)
        if let base = archive.config.baseURL {
            let root = base.hasSuffix("/") ? base : base + "/"
            notFoundSite.homeHref = root + SiteMap.index
            notFoundSite.styleHref = root + SiteMap.style
            notFoundSite.nav = notFoundSite.nav.map { NavLink(href: root + $0.href, text: $0.text, current: false) }
            notFoundSite.searchHref = root + SiteMap.search
        }
        pages.append(Page(path: SiteMap.notFound, template: "not-found", view: TextPageView(
            site: notFoundSite, pageTitle: "Page not found — \(archive.config.title)", breadcrumbs: [],
            bodyHTML: "")))
        return pages
    }
}
