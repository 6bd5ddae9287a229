/// A session's summary: the Markdown, and the HTML cmark made of it.
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
public enum Summarizer {
    public static func summarize(_ archive: Archive, about: String? = nil) -> Summaries {
        Summaries(
            siteDescriptionHTML: Markdown.html(from: archive.config.description),
            aboutHTML: about.map { Markdown.html(from: $0) },
            sessions: archive.sessions.map { session in
                let markdown = markdown(for: session, participants: archive.participantsByKey)
                return Summary(markdown: markdown, html: Markdown.html(from: markdown))
            }
        )
    }

    static func markdown(for session: Session, participants: [String: Participant]) -> String {
        let e = Markdown.escape
        func name(_ key: String) -> String { e(participants[key]?.handle ?? key) }
        var lines: [String] = []

        var opening = "\(e(session.hashtag.isEmpty ? session.title : session.hashtag)) on \(session.date.longText)"
        opening += session.messages.contains(where: \.timeIsWritten)
            ? ", \(timeRange(session)): " : " at \(session.start.clockText) \(e(session.start.zone)): "
        opening += Wording.plural(session.messages.count, "message")
        if session.authors.isEmpty {
            opening += "; this transcript does not record who wrote them."
        } else {
            opening += " from \(Wording.plural(session.authors.count, "person", "people"))."
        }
        let moderators = session.moderators
        if !moderators.isEmpty {
            opening += " Moderated by \(Wording.list(moderators.map(name)))."
        }
        lines += [opening, ""]

        if !session.questions.isEmpty {
            lines += ["### Questions", ""]
            for question in session.questions {
                let text = question.text.isEmpty ? "*(not in the transcript)*" : e(question.text)
                lines.append("- **Q\(question.number).** \(text) — \(Wording.plural(question.answerIDs.count, "answer"))")
            }
            lines.append("")
        }

        if !session.authors.isEmpty {
            let top = session.authors.prefix(5).map { "\(name($0.key)) (\($0.count))" }
            lines += ["### Most active", "", top.joined(separator: ", "), ""]
        }

        let links = sharedLinks(session)
        if !links.isEmpty {
            lines += ["### Links shared", ""]
            lines += links.map { "- <\($0)>" }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// `6:30–7:11 PM EST`, from the first to the last written time.
    static func timeRange(_ session: Session) -> String {
        let times = session.messages.filter(\.timeIsWritten).map(\.time)
        guard let first = times.first, let last = times.last else { return session.start.clockText }
        let zone = Markdown.escape(first.zone)
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
