import Foundation

/// What every page planner needs: the archive, the site map, and lookups built once.
/// Immutable, and a class so that the many closures and jobs holding it share it
/// instead of each copying (and retaining) every one of its fields.
final class PlanContext: Sendable {
    /// Builds some pages; jobs share nothing mutable, so they may run on any core.
    typealias PageJob = @Sendable () -> [Page]

    let archive: Archive
    let summaries: Summaries
    let map: SiteMap
    let version: String
    /// Search and export parts kept from the last build, for sessions unchanged since.
    let memo: SessionMemo
    /// Per session: message index by id.
    let messageIndex: [[String: Int]]
    /// Per session: the question number each answer answers.
    let answerOf: [[String: Int]]
    /// Series key of every tag that names a series (its key and aliases).
    let seriesOfTag: [String: String]
    let seriesByKey: [String: Series]
    /// Handles of participants and mentioned people, by key.
    let handles: [String: String]
    /// Each participant's position in `archive.participants`, by key.
    let participantIndex: [String: Int]
    /// `#badgechat · Monday, March 5, 2018`, by session index.
    let sessionNames: [String]
    /// A fingerprint of every session's name, for the build cache's key of pages that show
    /// them all (a person's activity across sessions).
    let sessionListKey: String
    /// Each session's position in its series' list of sessions.
    let positionInSeries: [Int]
    /// Each session's platform as the search filter names it, and the platforms in order.
    let platformOf: [Int]
    let platforms: [String]
    /// Sessions by series and start: what a `MessageLink` names.
    let sessionByStart: [MessageLink.SessionKey: Int]
    /// Paths of the series that ask not to be indexed (`SiteMap.unindexed`).
    let unindexed: Set<String>

    init(_ archive: Archive, _ summaries: Summaries, map: SiteMap, version: String, memo: SessionMemo = .none) {
        self.archive = archive
        self.memo = memo
        self.summaries = summaries
        self.version = version
        self.map = map
        // Every message of the archive goes into these: on every core.
        messageIndex = Parallel.map(archive.sessions) { session in
            Dictionary(uniqueKeysWithValues: session.messages.enumerated().map { ($0.element.id, $0.offset) })
        }
        answerOf = archive.sessions.map { session in
            var answers: [String: Int] = [:]
            for question in session.questions { for id in question.answerIDs { answers[id] = question.number } }
            return answers
        }
        var tags: [String: String] = [:]
        for series in archive.series {
            tags[series.key] = series.key
            for alias in series.aliases { tags[alias] = series.key }
        }
        seriesOfTag = tags
        seriesByKey = Dictionary(uniqueKeysWithValues: archive.series.map { ($0.key, $0) })
        handles = archive.handleIndex()
        participantIndex = Dictionary(uniqueKeysWithValues: archive.participants.enumerated().map { ($1.key, $0) })
        sessionNames = archive.sessions.map { "\($0.hashtag.isEmpty ? $0.title : $0.hashtag) · \($0.date.longText)" }
        var list = Fingerprint()
        for name in sessionNames { list.add(name) }
        sessionListKey = list.description
        var position = Array(repeating: 0, count: archive.sessions.count)
        for series in archive.series { for (i, s) in series.sessionIndices.enumerated() { position[s] = i } }
        positionInSeries = position
        let platformNames = archive.sessions.map { $0.channel.map { $0.platform.capitalized } ?? "Twitter chat" }
        let platforms = Array(Set(platformNames)).sorted()
        let platformIndex = Dictionary(uniqueKeysWithValues: platforms.enumerated().map { ($1, $0) })
        self.platforms = platforms
        platformOf = platformNames.map { platformIndex[$0] ?? 0 }
        sessionByStart = Dictionary(archive.sessions.enumerated().map { (MessageLink.SessionKey($1.series, $1.startInstant), $0) }) { first, _ in first }
        unindexed = map.unindexed(archive)
    }

    /// The permalink of a message in another session, from the page at `path`; the message and its session.
    func linked(_ link: MessageLink, from path: String) -> (href: String, message: Message, session: Int)? {
        guard let s = sessionByStart[MessageLink.SessionKey(link.series, link.sessionStart)],
              let position = messageIndex[s][link.id] else { return nil }
        return (Paths.link(from: path, to: map.message(session: s, id: link.id)), archive.sessions[s].messages[position], s)
    }

    // MARK: Layout

    static let sections: [(path: String, text: String, folder: String)] = [
        (SiteMap.index, "Sessions", "sessions/"), (SiteMap.peopleIndex, "People", "people/"),
        (SiteMap.questionsIndex, "Questions", "questions/"), (SiteMap.seriesIndex, "Series", "series/"),
    ]

    func site(for path: String) -> SiteView {
        var nav = Self.sections.map { section in
            NavLink(href: link(path, section.path), text: section.text,
                    current: path == section.path || path.hasPrefix(section.folder))
        }
        if summaries.aboutHTML != nil {
            nav.append(NavLink(href: link(path, SiteMap.about), text: "About", current: path == SiteMap.about))
        }
        return SiteView(title: archive.config.title, language: archive.config.language, version: version,
                        homeHref: link(path, SiteMap.index), styleHref: link(path, SiteMap.style), nav: nav,
                        searchHref: path == SiteMap.search ? nil : link(path, SiteMap.search),
                        feedURL: archive.config.baseURL.map { SiteMap.absolute(SiteMap.feed, base: $0) },
                        noindex: archive.config.noindex || unindexed.contains(path))
    }

    func link(_ from: String, _ to: String) -> String { Paths.link(from: from, to: to) }

    func breadcrumbs(_ path: String, _ trail: [(String, String)]) -> [LinkView] {
        trail.map { LinkView(href: link(path, $0.0), text: $0.1) }
    }

    // MARK: People and sessions

    func handle(_ key: String) -> String { handles[key] ?? key }

    func personLink(_ key: String, from path: String) -> LinkView? {
        map.people[key].map { LinkView(href: link(path, $0), text: handle(key)) }
    }

    func sessionName(_ index: Int) -> String { sessionNames[index] }

    func seriesLink(_ key: String, from path: String) -> LinkView {
        LinkView(href: link(path, map.series[key] ?? SiteMap.seriesIndex), text: seriesByKey[key]?.name ?? "#\(key)")
    }

    /// Previous and next in `sequence` around `position`, named by `text`.
    func pager(_ label: String, kind: String, from path: String, position: Int, count: Int,
               target: (Int) -> (path: String, text: String)) -> PagerView? {
        func link(_ offset: Int, _ word: String) -> LinkView? {
            guard (0..<count).contains(position + offset) else { return nil }
            let other = target(position + offset)
            return LinkView(href: self.link(path, other.path), text: "\(word) \(kind): \(other.text)")
        }
        return PagerView(label: label, previous: link(-1, "Previous"), next: link(1, "Next"))
    }

    /// `Monday, March 5, 2018`, or `Monday, October 3, 2016 – Monday, March 5, 2018`.
    func span(_ sessions: [Int]) -> String {
        guard let first = sessions.first, let last = sessions.last else { return "" }
        return first == last ? archive.sessions[first].date.longText
            : "\(archive.sessions[first].date.longText) – \(archive.sessions[last].date.longText)"
    }

    func sessionRow(_ index: Int, from path: String) -> SessionRowView {
        let session = archive.sessions[index]
        let first = session.questions.first { !$0.text.isEmpty }
        return SessionRowView(
            href: link(path, map.sessions[index]), date: session.date.longText, isoDate: session.date.description,
            series: seriesLink(session.series, from: path),
            headline: first.map { "Q\($0.number). \($0.text)" } ?? (session.channel != nil ? Self.opening(session) : nil) ?? session.title,
            counts: "\(Wording.plural(session.messageCount, "message")) · \(peopleText(session))"
        )
    }

    /// A channel's day without questions is told by its first message's first line (its
    /// title is the channel's name, which the row shows already).
    static func opening(_ session: Session) -> String? {
        guard let line = session.messages.lazy.compactMap({ message in
            message.text.split(whereSeparator: \.isNewline).lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        }).first else { return nil }
        return line.count <= 120 ? line : String(line.prefix(119)) + "…"
    }

    func peopleText(_ session: Session) -> String {
        session.authors.isEmpty ? "authors not recorded" : Wording.plural(session.authors.count, "participant")
    }

    // MARK: Messages

    /// A message as shown on the page at `path`; only its session page gives it an anchor.
    /// `thread`: the replies to show beneath it (its session page shows a thread whole).
    func messageView(session index: Int, _ message: Message, on path: String, thread: [MessageView]? = nil) -> MessageView {
        // Not `let session = archive.sessions[index]`: a copy of a session is a retain of each of its fields.
        let indexOf = messageIndex[index]
        let bodyStart = message.text.utf8.count - message.body.utf8.count
        // A permalink is the session page's link plus the message's anchor: the link is worked out once.
        let sessionPath = map.sessions[index]
        let sessionHref = path == sessionPath ? "" : link(path, sessionPath)
        func messageHref(_ id: String) -> String { "\(sessionHref)#\(id)" }
        func describe(_ message: Message) -> String {
            let who = message.authorKey.map(handle) ?? "Message \((indexOf[message.id] ?? 0) + 1)"
            return message.timeIsWritten ? "\(who) at \(message.time.clockText)" : who
        }
        var named = Set<String>()
        let replied = message.inReplyToID.flatMap { indexOf[$0] }.map { archive.sessions[index].messages[$0] }
        // Or, on an earlier day: its permalink there.
        let repliedElsewhere = replied == nil ? message.replyLink.flatMap { linked($0, from: path) } : nil
        let people = message.replyTo.filter { named.insert($0.lowercased()).inserted }.compactMap { personLink($0.lowercased(), from: path) }
        let root = thread == nil && path != sessionPath ? message.threadRootID.flatMap { indexOf[$0] }.map { archive.sessions[index].messages[$0] } : nil
        return MessageView(
            anchorID: path == sessionPath ? message.id : nil,
            permalink: messageHref(message.id),
            number: (indexOf[message.id] ?? 0) + 1,
            author: message.authorKey.flatMap { personLink($0, from: path) },
            role: message.role,
            isModerator: message.isModerator,
            time: message.timeIsWritten ? clockText(message, session: index) : nil,
            // Without a written time only the day is known; do not invent an instant.
            published: message.timeIsWritten ? TimeText.localISOText(message.instant, zone: message.time.zone)
                : archive.sessions[index].date.description,
            summary: describe(message),
            label: message.label?.raw,
            textHTML: textHTML(message, from: bodyStart, on: path),
            textTag: Self.textTag(message),
            inReplyTo: message.replyTo.isEmpty && replied == nil && repliedElsewhere == nil ? nil : ReplyView(
                people: people,
                message: replied.map { LinkView(href: messageHref($0.id), text: "\(describe($0))") }
                    ?? repliedElsewhere.map { LinkView(href: $0.href, text: "\(describe($0.message)), \(archive.sessions[$0.session].date.longText)") },
                separator: !people.isEmpty && (replied != nil || repliedElsewhere != nil)
            ),
            quotes: message.quotedIDs.compactMap { id in
                guard let position = indexOf[id] else { return nil }
                let quoted = archive.sessions[index].messages[position]
                return QuoteView(href: messageHref(id), author: quoted.author.map { handle($0.lowercased()) } ?? "Message \(position + 1)",
                                 time: quoted.timeIsWritten ? quoted.time.clockText : nil,
                                 textHTML: textHTML(quoted, from: 0, on: path), textTag: Self.textTag(quoted))
            },
            reposted: Self.repostText(message.repostLines.count),
            knownOnlyFromQuote: message.knownOnlyFromQuote,
            isAction: message.isAction,
            marks: (message.isEdited ? ["edited"] : []) + (message.isPinned ? ["pinned"] : []),
            forwardedFrom: message.forwardedFrom,
            reactions: message.reactions.map { reaction in
                let who = reaction.people.map(handle)
                return ReactionView(emoji: reaction.emoji, count: reaction.count,
                                    label: "\(reaction.emoji) \(reaction.count)" + (who.isEmpty ? "" : ": " + who.joined(separator: ", ")))
            },
            attachments: message.attachments.map { attachmentView($0, on: path) },
            thread: thread.flatMap { $0.isEmpty ? nil : ThreadView(summary: Wording.plural($0.count, "reply", "replies"), open: $0.count <= 10, replies: $0) },
            threadRoot: root.map { LinkView(href: messageHref($0.id), text: "In a thread started by \(describe($0))") },
            events: nil
        )
    }

    /// The message's clock time; in a channel's session, with its day when that is not the
    /// session's (a reply shown with a thread that started on an earlier day).
    func clockText(_ message: Message, session index: Int) -> String {
        let session = archive.sessions[index]
        guard session.channel != nil, let offset = TimeText.offset(of: message.time.zone) else { return message.time.clockText }
        let date = TimeText.localDate(message.instant, offsetMinutes: offset)
        guard date != session.date else { return message.time.clockText }
        return "\(LocalDate.monthNames[date.month - 1].prefix(3)) \(date.day), \(message.time.clockText)"
    }

    /// The site's copy of a file when it has one (an image shown, anything else offered under
    /// its own name), else the platform's address as a link, else the name alone.
    func attachmentView(_ file: Attachment, on path: String) -> AttachmentView {
        var view = AttachmentView(name: file.name, detail: Self.attachmentDetail(file))
        if let copy = file.path.flatMap({ map.media[$0] }) {
            if copy.isImage {
                view.image = link(path, copy.target)
            } else {
                view.download = link(path, copy.target)
                view.downloadName = MediaKind.downloadName(file.name)
            }
        } else if let url = file.url.flatMap(Attachment.webAddress) {
            view.link = url
        }
        if let access = file.access, view.image == nil, view.download == nil {
            view.note = switch access {
            case .needsLogin: "on the platform, needs a login"
            case .mayExpire: "on the platform, the link may have expired"
            }
        }
        return view
    }

    /// `image/png, 47 KB`; nil when the export says neither.
    static func attachmentDetail(_ file: Attachment) -> String? {
        let parts = [file.type, file.size.map(Wording.bytes)].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Channel events as one folded line, or nil when the settings hide them.
    func eventsView(_ events: [SystemEvent], on path: String) -> EventsView? {
        guard !events.isEmpty, archive.config.systemEvents != .hidden else { return nil }
        let first = events[0].text
        return EventsView(
            summary: events.count == 1 ? first : "\(first) and \(Wording.plural(events.count - 1, "more event"))",
            open: archive.config.systemEvents == .shown,
            items: events.map {
                EventItemView(time: $0.time.clockText, published: TimeText.localISOText($0.instant, zone: $0.time.zone), text: $0.text,
                              href: $0.link.flatMap { linked($0, from: path)?.href })
            }
        )
    }

    func textHTML(_ message: Message, from start: Int, on path: String) -> String {
        if message.isRemoved { return "<span class=\"removed\">\(HTML.escape(PrivacyRules.removedText))</span>" }
        return MessageText.html(
            message.text, entities: message.entities, styles: message.styles, from: start,
            mention: { key in map.people[key].map { link(path, $0) } },
            hashtag: { tag in (seriesOfTag[tag].flatMap { map.series[$0] } ?? map.tags[tag]).map { link(path, $0) } }
        )
    }

    /// The element a message's text goes in: a paragraph, unless it has blocks.
    static func textTag(_ message: Message) -> String {
        message.styles.contains { $0.kind.isBlock } ? "div" : "p"
    }

    /// `sessions/<slug>.md`: each recap as written.
    func recapFiles() -> [OutputFile] {
        summaries.sessions.indices.map { OutputFile(path: map.recap(session: $0), bytes: Data(summaries.sessions[$0].markdown.utf8)) }
    }

    static func repostText(_ count: Int) -> String? {
        switch count {
        case 0: nil
        case 1: "Reposted once"
        case 2: "Reposted twice"
        default: "Reposted \(count) times"
        }
    }
}
