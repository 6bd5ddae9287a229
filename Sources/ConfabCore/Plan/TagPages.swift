extension PlanContext {
    /// `tags/<tag>.html`: the messages that use a hashtag, newest session first.
    /// A series' own tags link to the series page instead.
    func tagPages() -> [PageJob] {
        var places: [String: [Place]] = [:]
        var spellings: [String: [String: Int]] = [:]
        for (s, session) in archive.sessions.enumerated() {
            for (m, message) in session.messages.enumerated() {
                var seen = Set<String>()
                for entity in message.entities where entity.kind == .hashtag {
                    let key = entity.value.lowercased()
                    guard map.tags[key] != nil else { continue }
                    spellings[key, default: [:]][entity.value, default: 0] += 1
                    if seen.insert(key).inserted { places[key, default: []].append((s, m)) }
                }
            }
        }
        return map.tags.keys.sorted().map { key in { [self, places, spellings] in
            let path = map.tags[key]!
            let tagPlaces = places[key] ?? []
            let tag = "#" + Normalizer.mostFrequent(spellings[key] ?? [key: 1])
            return [Page(path: path, template: "tag", sources: (Self.sessions(tagPlaces), "")) { [self] in TagPageView(
                site: site(for: path), pageTitle: "\(tag) — \(archive.config.title)",
                breadcrumbs: breadcrumbs(path, [(SiteMap.index, "Sessions")]),
                tag: tag,
                counts: "\(Wording.plural(tagPlaces.count, "message")) in \(Wording.plural(Set(tagPlaces.map(\.session)).count, "session"))",
                sessions: grouped(tagPlaces, on: path)
            ) }]
        } }
    }
}
