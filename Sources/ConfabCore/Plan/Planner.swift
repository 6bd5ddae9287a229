/// A page to render: where it goes, which template, and the values it shows.
public struct Page: Sendable {
    public enum Content: Sendable {
        case index(IndexPageView)
        case session(SessionPageView)
    }

    public var path: String
    public var template: String
    public var content: Content
}

public struct SitePlan: Sendable {
    public var pages: [Page]
}

/// The plan stage: every page, its path and its view model.
public enum Planner {
    public static let indexPath = "index.html"
    public static let stylePath = "style.css"

    public static func plan(_ archive: Archive, _ summaries: Summaries, version: String) -> SitePlan {
        let sessionPaths = sessionPaths(archive.sessions)
        let people = archive.participantsByKey
        func site(for path: String) -> SiteView {
            SiteView(title: archive.config.title, language: archive.config.language,
                     homeHref: Paths.link(from: path, to: indexPath),
                     styleHref: Paths.link(from: path, to: stylePath), version: version)
        }

        var pages: [Page] = []
        let newestFirst = archive.sessions.indices.reversed()
        let index = IndexPageView(
            site: site(for: indexPath),
            pageTitle: archive.config.title,
            descriptionHTML: summaries.siteDescriptionHTML,
            hasSessions: !archive.sessions.isEmpty,
            sessions: newestFirst.map { i in
                let session = archive.sessions[i]
                return SessionRowView(
                    href: Paths.link(from: indexPath, to: sessionPaths[i]),
                    date: session.date.longText, isoDate: session.date.description,
                    hashtag: session.hashtag, title: session.title,
                    messageCount: session.messages.count, people: peopleText(session)
                )
            },
            totals: "\(Summarizer.plural(archive.sessions.count, "session")), "
                + "\(Summarizer.plural(archive.messageCount, "message")), "
                + "\(Summarizer.plural(archive.participants.count, "participant"))"
        )
        pages.append(Page(path: indexPath, template: "index", content: .index(index)))

        for (i, session) in archive.sessions.enumerated() {
            let path = sessionPaths[i]
            let view = SessionPageView(
                site: site(for: path),
                pageTitle: "\(session.hashtag.isEmpty ? session.title : session.hashtag) — \(session.date.longText)",
                hashtag: session.hashtag, date: session.date.longText, isoDate: session.date.description,
                start: "\(session.start.clockText) \(session.start.zone)",
                counts: "\(Summarizer.plural(session.messages.count, "message")) · \(peopleText(session))",
                summaryHTML: summaries.sessions[i].html,
                source: session.source.file,
                messages: messageViews(session, people: people)
            )
            pages.append(Page(path: path, template: "session", content: .session(view)))
        }
        return SitePlan(pages: pages)
    }

    /// `sessions/<series>-<yyyy-mm-dd>.html`; later sessions of a series on the same day get `-2`, `-3`, ….
    static func sessionPaths(_ sessions: [Session]) -> [String] {
        var used = Set<String>()
        return sessions.map { session in
            let base = "\(session.series)-\(session.date)"
            var name = base, n = 1
            while !used.insert(name).inserted {
                n += 1
                name = "\(base)-\(n)"
            }
            return "sessions/\(name).html"
        }
    }

    static func peopleText(_ session: Session) -> String {
        session.authors.isEmpty ? "authors not recorded" : Summarizer.plural(session.authors.count, "participant")
    }

    static func messageViews(_ session: Session, people: [String: Participant]) -> [MessageView] {
        let byID = Dictionary(uniqueKeysWithValues: session.messages.map { ($0.id, $0) })
        func describe(_ id: String) -> String {
            guard let message = byID[id] else { return id }
            let time = message.timeIsWritten ? " · \(message.time.clockText)" : ""
            return "\(message.author.map { handle($0, people) } ?? "Message \(id.dropFirst())")\(time)"
        }
        return session.messages.enumerated().map { index, message in
            MessageView(
                id: message.id,
                number: index + 1,
                author: message.author.map { handle($0, people) },
                role: message.role,
                isModerator: message.role == "Moderator",
                time: message.timeIsWritten ? message.time.clockText : nil,
                isoInstant: TimeText.isoText(message.instant),
                label: message.label?.raw,
                text: message.body,
                inReplyTo: message.replyTo.isEmpty ? nil : ReplyView(
                    handles: message.replyTo.map { "@\($0)" }.joined(separator: ", "),
                    href: message.inReplyToID.map { "#\($0)" }
                ),
                quotes: message.quotedIDs.map { LinkView(href: "#\($0)", text: describe($0)) },
                reposted: repostText(message.repostLines.count),
                knownOnlyFromQuote: message.knownOnlyFromQuote
            )
        }
    }

    static func repostText(_ count: Int) -> String? {
        switch count {
        case 0: nil
        case 1: "Reposted once"
        case 2: "Reposted twice"
        default: "Reposted \(count) times"
        }
    }

    /// The participant's usual spelling of a handle.
    static func handle(_ written: String, _ people: [String: Participant]) -> String {
        people[written.lowercased()]?.handle ?? written
    }
}
