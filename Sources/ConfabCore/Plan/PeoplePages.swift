extension PlanContext {
    /// A message's place: session index and index within the session.
    typealias Place = (session: Int, message: Int)

    /// `people/index.html` (most active first), `people/by-name.html`, and a page per person.
    func peoplePages() -> [PageJob] {
        var written: [String: [Place]] = [:]
        var named: [String: [Place]] = [:]
        let mentionedOnly = Set(archive.mentionedOnly.map(\.key))
        for (s, session) in archive.sessions.enumerated() {
            for (m, message) in session.messages.enumerated() {
                if let key = message.authorKey { written[key, default: []].append((s, m)) }
                let handles = Set(message.entities.filter { $0.kind == .mention }.map { $0.value.lowercased() }
                    + message.replyTo.map { $0.lowercased() })
                for key in handles where mentionedOnly.contains(key) { named[key, default: []].append((s, m)) }
            }
        }

        let rows = archive.participants.map { row($0, places: written[$0.key] ?? []) }
        let rowOf = Dictionary(uniqueKeysWithValues: zip(archive.participants.map(\.key), rows))
        let byActivity = zip(archive.participants, rows).sorted {
            ($1.0.messageCount, $0.0.key) < ($0.0.messageCount, $1.0.key)
        }.map(\.1)
        let byName = zip(archive.participants, rows).sorted {
            ($0.1.handle.lowercased(), $0.0.key) < ($1.1.handle.lowercased(), $1.0.key)
        }.map(\.1)

        var jobs: [PageJob] = [(SiteMap.peopleIndex, byActivity), (SiteMap.peopleByName, byName)].map { path, people in { [self] in
            let view = PeopleIndexView(
                site: site(for: path), pageTitle: "People — \(archive.config.title)",
                breadcrumbs: [],
                orders: [(SiteMap.peopleIndex, "Most active"), (SiteMap.peopleByName, "By name")].map {
                    NavLink(href: link(path, $0.0), text: $0.1, current: $0.0 == path)
                },
                people: people.map { relink($0, to: path) },
                mentioned: archive.mentionedOnly.compactMap { personLink($0.key, from: path) }
            )
            return [Page(path: path, template: "people", view: view)]
        } }
        jobs += archive.participants.map { person in { [self, written] in [personPage(person, summary: rowOf[person.key]!, places: written[person.key] ?? [])] } }
        jobs += archive.mentionedOnly.map { person in { [self, named] in [mentionedPage(person, places: named[person.key] ?? [])] } }
        return jobs
    }

    /// A row of the people index, with hrefs from the people folder.
    func row(_ person: Participant, places: [Place]) -> PersonRowView {
        let sessions = Self.sessions(places)
        let answers = places.filter { answerOf[$0.session][archive.sessions[$0.session].messages[$0.message].id] != nil }.count
        return PersonRowView(href: map.people[person.key]!, handle: person.handle,
                             roles: person.roles.isEmpty ? nil : person.roles.joined(separator: ", "),
                             messages: person.messageCount, answers: answers, sessions: sessions.count, span: span(sessions))
    }

    /// The sessions of some messages, in order, each once.
    static func sessions(_ places: [Place]) -> [Int] {
        var sessions: [Int] = []
        for place in places.sorted(by: { $0.session < $1.session }) where sessions.last != place.session {
            sessions.append(place.session)
        }
        return sessions
    }

    func relink(_ row: PersonRowView, to path: String) -> PersonRowView {
        var row = row
        row.href = link(path, row.href)
        return row
    }

    func personPage(_ person: Participant, summary: PersonRowView, places: [Place]) -> Page {
        let path = map.people[person.key]!
        // The activity chart spans every session, by name.
        let facts = "\(person.messageCount) \(person.sessionCount) \(person.roles) \(sessionListKey)"
        return Page(path: path, template: "person", sources: (Self.sessions(places), facts)) { [self] in
            personView(person, summary: summary, places: places, path: path)
        }
    }

    func personView(_ person: Participant, summary: PersonRowView, places: [Place], path: String) -> PersonPageView {
        let sessionIndices = Self.sessions(places)

        // Whom they answer most: the author of the message replied to, or else the first person named.
        var replyCounts: [String: Int] = [:]
        for place in places {
            let session = archive.sessions[place.session]
            let message = session.messages[place.message]
            let target = message.inReplyToID.flatMap { messageIndex[place.session][$0] }.flatMap { session.messages[$0].authorKey }
                ?? message.replyTo.first?.lowercased()
            if let target, target != person.key { replyCounts[target, default: 0] += 1 }
        }
        let repliesTo = replyCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5).compactMap { key, count in
            personLink(key, from: path).map { LinkView(href: $0.href, text: "\($0.text) (\(count))") }
        }

        return PersonPageView(
            site: site(for: path), pageTitle: "\(person.handle) — \(archive.config.title)",
            breadcrumbs: breadcrumbs(path, [(SiteMap.peopleIndex, "People")]),
            handle: person.handle, roles: summary.roles, mentionedOnly: false,
            stats: [
                StatView(label: "Messages", value: "\(person.messageCount)"),
                StatView(label: "Answers", value: "\(summary.answers)"),
                StatView(label: "Sessions", value: "\(sessionIndices.count)"),
            ],
            firstSeen: sessionIndices.first.map { LinkView(href: link(path, map.sessions[$0]), text: sessionName($0)) },
            lastSeen: sessionIndices.count > 1 ? LinkView(href: link(path, map.sessions[sessionIndices.last!]), text: sessionName(sessionIndices.last!)) : nil,
            repliesTo: repliesTo,
            chart: Charts.activityStrip(perSession(places), sessions: archive.sessions.count, labels: sessionNames, handle: person.handle),
            sessions: grouped(places, on: path),
            mentions: []
        )
    }

    func mentionedPage(_ person: MentionedPerson, places: [Place]) -> Page {
        let path = map.people[person.key]!
        return Page(path: path, template: "person", sources: (Self.sessions(places), "\(person.sessionCount)")) { [self] in PersonPageView(
            site: site(for: path), pageTitle: "\(person.handle) — \(archive.config.title)",
            breadcrumbs: breadcrumbs(path, [(SiteMap.peopleIndex, "People")]),
            handle: person.handle, roles: nil, mentionedOnly: true,
            stats: [StatView(label: "Mentions", value: "\(places.count)"),
                    StatView(label: "Sessions", value: "\(Self.sessions(places).count)")],
            firstSeen: nil, lastSeen: nil, repliesTo: [], chart: nil, sessions: [],
            mentions: grouped(places, on: path)
        ) }
    }

    /// Messages per session, for the sessions that have any.
    func perSession(_ places: [Place]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for place in places { counts[place.session, default: 0] += 1 }
        return counts
    }

    /// Messages grouped by session, newest session first, in transcript order within each.
    func grouped(_ places: [Place], on path: String) -> [PersonSessionView] {
        var groups: [PersonSessionView] = []
        var current: Int?
        for place in places.sorted(by: { ($1.session, $0.message) < ($0.session, $1.message) }) {
            let session = archive.sessions[place.session]
            let view = messageView(session: place.session, session.messages[place.message], on: path)
            if current == place.session {
                groups[groups.count - 1].messages.append(view)
            } else {
                current = place.session
                groups.append(PersonSessionView(
                    session: LinkView(href: link(path, map.sessions[place.session]), text: session.date.longText),
                    series: seriesLink(session.series, from: path).text, messages: [view]))
            }
        }
        return groups
    }
}
