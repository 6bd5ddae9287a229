/// What `confab check` prints: per session, the counts a person can verify by
/// hand against the transcript; then the archive's totals.
public enum CheckReport {
    public static func lines(_ archive: Archive) -> [String] {
        let handles = archive.handleIndex()
        let mentionedOnly = Set(archive.mentionedOnly.map(\.key))
        let plural = Wording.plural
        func handle(_ key: String) -> String { handles[key] ?? key }

        var lines: [String] = []
        for session in archive.sessions {
            let start = session.start
            let offset = TimeText.offsetText(start.zone).map { " (\($0))" } ?? " (unknown zone)"
            lines.append("\(session.source.file): \(session.hashtag), \(session.date.longText), "
                + "\(start.clockText) \(start.zone)\(offset), \(session.format.rawValue) format")
            if let reading = session.reading { lines.append("  read: \(reading)") }

            let recovered = session.messages.filter(\.knownOnlyFromQuote).count
            let reposts = session.messages.reduce(0) { $0 + $1.repostLines.count }
            var details: [String] = []
            if recovered > 0 { details.append("\(recovered) known only from a quote") }
            if reposts > 0 { details.append(plural(reposts, "repost", nil) + " not counted") }
            if session.privacyRemoved > 0 { details.append("\(session.privacyRemoved) taken out by the privacy settings") }
            let counted = "  messages: \(session.messageCount)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
            lines.append(counted)
            if session.channel != nil {
                // What a channel's export has beyond messages, to check against the export by hand.
                let replies = session.threads.reduce(0) { $0 + $1.replyIDs.count }
                let reactions = session.messages.reduce(0) { $0 + $1.reactions.reduce(0) { $0 + $1.count } }
                let files = session.messages.reduce(0) { $0 + $1.attachments.count }
                let replyLinks = session.messages.filter { $0.inReplyToID != nil }.count
                lines.append("  threads: \(session.threads.count) (\(plural(replies, "reply", "replies"))) · replies by link: \(replyLinks)"
                    + " · reactions: \(reactions) · attachments: \(files) · edited: \(session.messages.filter(\.isEdited).count)"
                    + " · events: \(session.events.count)")
            }

            if session.authors.isEmpty {
                lines.append("  authors: not recorded in this format")
            } else {
                var people = "  authors: \(session.authors.count)"
                let moderators = session.moderators.map(handle)
                if !moderators.isEmpty { people += " · moderators: \(moderators.joined(separator: ", "))" }
                let named = session.mentioned.filter { mentionedOnly.contains($0.key) }.values.sorted { $0.lowercased() < $1.lowercased() }
                if !named.isEmpty { people += " · mentioned only: \(named.joined(separator: ", "))" }
                lines.append(people)
            }

            if session.questions.isEmpty {
                lines.append("  questions: none")
            } else {
                let missing = session.questions.filter { $0.messageID == nil }.map { "Q\($0.number)" }
                let missingText = missing.isEmpty ? "" : " (\(missing.joined(separator: ", ")) not in the transcript)"
                let answers = session.questions.map { "Q\($0.number) \($0.answerIDs.count)" }.joined(separator: ", ")
                lines.append("  questions: \(session.questions.count)\(missingText) · answers: \(answers) "
                    + "(\(session.answerCount) in all)")
            }
        }
        let questions = archive.sessions.reduce(0) { $0 + $1.questions.count }
        let answers = archive.sessions.reduce(0) { $0 + $1.answerCount }
        lines.append("archive: \(plural(archive.sessions.count, "session", nil)) in \(plural(archive.series.count, "series", "series")), "
            + "\(plural(archive.messageCount, "message", nil)), \(plural(archive.participants.count, "participant", nil)), "
            + "\(archive.mentionedOnly.count) mentioned only, \(plural(questions, "question", nil)), \(plural(answers, "answer", nil))")
        return lines
    }
}
