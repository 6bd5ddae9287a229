/// A session's recap: the Markdown (published as `sessions/<slug>.md`) and the
/// HTML cmark made of it for the session page, so the two never disagree.
public struct Summary: Sendable, Equatable {
    public var markdown: String
    public var html: String
}

/// The summarize stage's output, in the archive's session order.
public struct Summaries: Sendable {
    public var siteDescriptionHTML: String
    /// `content/about.md`, when the site has one.
    public var aboutHTML: String?
    public var sessions: [Summary]
}

/// The summarize stage: Markdown written from the model, rendered through cmark.
/// Recaps link to pages, so they take the site map (a pure function of the archive).
public enum Summarizer {
    /// Highlighted answers per question in a recap.
    static let highlights = 3

    /// `memo`: recaps kept from the last build, for sessions unchanged since.
    public static func summarize(_ archive: Archive, map: SiteMap, about: String? = nil, memo: SessionMemo = .none) -> Summaries {
        let handles = archive.handleIndex()
        return Summaries(
            siteDescriptionHTML: Markdown.html(from: archive.config.description, allowRawHTML: archive.config.rawHTML),
            // The about page has its own h1; the file's headings go under it.
            aboutHTML: about.map { Markdown.html(from: $0, allowRawHTML: archive.config.rawHTML, headingOffset: 1) },
            // Recaps are independent: written on every core, in session order.
            sessions: Parallel.map(Array(archive.sessions.indices)) { index in
                memo.value(.recap, session: index) {
                    let markdown = Recap(archive: archive, map: map, session: index, handles: handles).markdown
                    // The recap's title becomes an h2 under the page's own h1.
                    return Summary(markdown: markdown, html: Markdown.html(from: markdown, headingOffset: 1))
                }
            }
        )
    }
}

/// One session's recap, written for pasting into a blog or newsletter.
struct Recap {
    let archive: Archive
    let map: SiteMap
    let session: Int
    /// Participants' handles by key.
    let handles: [String: String]

    var markdown: String {
        let session = archive.sessions[self.session]
        let e = { Markdown.escape($0, lineStart: false) }
        var lines = ["# Recap: \(e(session.hashtag.isEmpty ? session.title : session.hashtag)) on \(session.date.longText)", ""]

        var facts = [session.messages.contains(where: \.timeIsWritten)
            ? timeRange(session) : "\(session.start.clockText) \(e(session.start.zone))"]
        facts.append(Wording.plural(session.messageCount, "message")
            + (session.authors.isEmpty ? " (this transcript does not record who wrote them)"
                                       : " from \(Wording.plural(session.authors.count, "person", "people"))"))
        let moderators = session.moderators
        if !moderators.isEmpty { facts.append("moderated by \(Wording.list(moderators.map(person)))") }
        // What a channel's day had besides messages.
        if !session.threads.isEmpty {
            facts.append(Wording.plural(session.threads.count, "thread") + " with "
                + Wording.plural(session.threads.reduce(0) { $0 + $1.replyIDs.count }, "reply", "replies"))
        }
        let reactions = session.messages.reduce(0) { $0 + $1.reactions.reduce(0) { $0 + $1.count } }
        if reactions > 0 { facts.append(Wording.plural(reactions, "reaction")) }
        let files = session.messages.reduce(0) { $0 + $1.attachments.count }
        if files > 0 { facts.append(Wording.plural(files, "attachment")) }
        lines += [facts.joined(separator: " · "), ""]

        if !session.questions.isEmpty {
            lines += ["## Questions", ""]
            let responses = Self.responses(in: session)
            for question in session.questions {
                let text = question.text.isEmpty ? "*(asked outside the transcript)*" : e(question.text)
                lines += ["### Q\(question.number). \(text)", ""]
                let best = highlighted(question, in: session, responses: responses)
                var count = Wording.plural(question.answerIDs.count, "answer")
                if !best.isEmpty { count += best.count < question.answerIDs.count ? ". Highlights:" : ":" }
                lines += [count, ""]
                for message in best {
                    lines.append("> \(Markdown.escape(message.body))")
                    lines.append(">")
                    lines.append("> — \(attribution(message))")
                    lines.append("")
                }
            }
        }

        if !session.authors.isEmpty {
            lines += ["## Participants", "", session.authors.map { "\(person($0.key)) (\($0.count))" }.joined(separator: ", "), ""]
        }

        let links = Self.sharedLinks(session)
        if !links.isEmpty {
            lines += ["## Links shared", ""] + links.map { "- <\($0)>" } + [""]
        }
        return lines.joined(separator: "\n")
    }

    /// The answers people responded to most (replies and quotes), then the earliest.
    /// `responses`: the session's, as `responses(in:)` counts them.
    func highlighted(_ question: Question, in session: Session, responses: [String: Int]) -> [Message] {
        let order = Dictionary(uniqueKeysWithValues: question.answerIDs.enumerated().map { ($1, $0) })
        let chosen = question.answerIDs.sorted { (responses[$1] ?? 0, order[$0]!) < (responses[$0] ?? 0, order[$1]!) }
            .prefix(Summarizer.highlights)
        return chosen.sorted { order[$0]! < order[$1]! }.compactMap { id in session.messages.first { $0.id == id } }
    }

    /// How many replies and quotes each message of the session drew, by id.
    static func responses(in session: Session) -> [String: Int] {
        var responses: [String: Int] = [:]
        for message in session.messages {
            if let id = message.inReplyToID { responses[id, default: 0] += 1 }
            for id in message.quotedIDs { responses[id, default: 0] += 1 }
        }
        return responses
    }

    /// `[Kyle_Clements1](…#m12), 6:36 PM` linking to the message's permalink.
    func attribution(_ message: Message) -> String {
        let who = message.authorKey.map { Markdown.escape(handle($0), lineStart: false) } ?? "message \(message.id.dropFirst())"
        let time = message.timeIsWritten ? ", \(message.time.clockText)" : ""
        return "\(Markdown.link(who, to: url(map.message(session: session, id: message.id))))\(time)"
    }

    func person(_ key: String) -> String {
        let name = Markdown.escape(handle(key), lineStart: false)
        return map.people[key].map { Markdown.link(name, to: url($0)) } ?? name
    }

    func handle(_ key: String) -> String { handles[key] ?? key }

    /// Absolute with a base URL; otherwise relative to the recap beside the session page.
    func url(_ path: String) -> String {
        if let base = archive.config.baseURL { return SiteMap.absolute(path, base: base) }
        return Paths.link(from: map.recap(session: session), to: path)
    }

    /// `6:30–7:11 PM EST`, from the first to the last written time.
    func timeRange(_ session: Session) -> String {
        let times = session.messages.filter(\.timeIsWritten).map(\.time)
        guard let first = times.first, let last = times.last else { return session.start.clockText }
        let zone = Markdown.escape(first.zone, lineStart: false)
        return first == last ? "\(first.clockText) \(zone)" : "\(first.clockText)–\(last.clockText) \(zone)"
    }

    /// http(s) URLs in the order first shared; anything that could break out of an autolink is left out.
    static func sharedLinks(_ session: Session) -> [String] {
        var seen = Set<String>(), links: [String] = []
        for message in session.messages {
            for entity in message.entities where entity.kind == .url {
                let url = entity.value
                guard !url.contains(where: { "<>\"`\\".contains($0) || $0.isWhitespace }) else { continue }
                if seen.insert(url).inserted { links.append(url) }
            }
        }
        return links
    }
}
