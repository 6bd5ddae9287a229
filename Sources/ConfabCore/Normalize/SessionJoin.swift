import Foundation

/// A channel's day held by two files one after the other (a log per day, rotated at the
/// logger's midnight, not the site's; a month's export ending at noon and the next one
/// starting there) is one session: its parts are joined in time order. Parts whose
/// times interleave are two records of the same hours, left to `withoutOverlaps`; two
/// meetings of one name on one day stay two.
enum SessionJoin {
    static func joined(_ sessions: [Session]) -> [Session] {
        var groups: [String: [Int]] = [:]
        for (index, session) in sessions.enumerated() where session.channel != nil {
            groups["\(session.series) \(session.date)", default: []].append(index)
        }
        var absorbed = Set<Int>(), result = sessions
        // Where a part's messages went: links to them from other sessions move along.
        var moved: [MessageLink.SessionKey: (start: Date, offset: Int)] = [:]
        for key in groups.keys.sorted() {
            let indices = groups[key]!.sorted { (sessions[$0].startInstant, sessions[$0].source.file) < (sessions[$1].startInstant, sessions[$1].source.file) }
            guard indices.count > 1 else { continue }
            var base = indices[0]
            for index in indices.dropFirst() {
                let part = sessions[index]
                guard !part.isMeeting, !result[base].isMeeting, part.source.file != result[base].source.file,
                      let last = result[base].messages.last?.instant,
                      let first = part.messages.first?.instant, last <= first else {
                    base = index
                    continue
                }
                moved[MessageLink.SessionKey(part.series, part.startInstant)] = (result[base].startInstant, lastNumber(result[base]))
                result[base] = append(part, to: result[base])
                absorbed.insert(index)
            }
        }
        guard !absorbed.isEmpty else { return sessions }
        return result.indices.filter { !absorbed.contains($0) }.map { index in
            var session = result[index]
            session.moveLinks { link in
                guard let (start, offset) = moved[MessageLink.SessionKey(link.series, link.sessionStart)] else { return link }
                var link = link
                link.sessionStart = start
                link.id = shifted(link.id, by: offset)
                return link
            }
            return session
        }
    }

    /// The pages (as `remove` names them) of channel days that more than one file holds.
    static func pagesOfSeveralFiles(_ sessions: [Session]) -> Set<String> {
        var files: [String: Set<String>] = [:]
        for session in sessions where session.channel != nil && !session.isMeeting {
            files[session.pageName, default: []].insert(session.source.file)
        }
        return Set(files.filter { $0.value.count > 1 }.keys)
    }

    /// The highest `mN` of a session: not its count, which is smaller once privacy settings
    /// took messages out.
    static func lastNumber(_ session: Session) -> Int {
        session.messages.reduce(0) { max($0, $1.id.hasPrefix("m") ? Int($1.id.dropFirst()) ?? 0 : 0) }
    }

    /// `m3` → `m8` for an offset of 5: a part's ids continue after the session's own.
    static func shifted(_ id: String, by offset: Int) -> String {
        guard id.hasPrefix("m"), let number = Int(id.dropFirst()) else { return id }
        return "m\(number + offset)"
    }

    /// The later part's messages, events, threads and questions after the session's own.
    static func append(_ part: Session, to session: Session) -> Session {
        var joined = session
        let offset = lastNumber(session), questions = session.questions.map(\.number).max() ?? 0
        func shift(_ id: String) -> String { shifted(id, by: offset) }
        joined.messages += part.messages.map { message in
            var message = message
            message.id = shift(message.id)
            message.inReplyToID = message.inReplyToID.map(shift)
            message.quotedIDs = message.quotedIDs.map(shift)
            message.threadRootID = message.threadRootID.map(shift)
            return message
        }
        // Events after the session's last message were waiting for the part's first.
        let firstOfPart = part.messages.first.map { shift($0.id) }
        joined.events = session.events.map { event in
            var event = event
            if event.beforeID == nil { event.beforeID = firstOfPart }
            return event
        } + part.events.map { event in
            var event = event
            event.beforeID = event.beforeID.map(shift)
            return event
        }
        joined.threads += part.threads.map { ChatThread(rootID: shift($0.rootID), replyIDs: $0.replyIDs.map(shift)) }
        joined.questions += part.questions.map { question in
            Question(number: question.number + questions, messageID: question.messageID.map(shift), text: question.text,
                     answerIDs: question.answerIDs.map(shift), replyIDs: question.replyIDs.map(shift))
        }
        joined.privacyRemoved += part.privacyRemoved
        joined.authors = SessionBuilder.authorCounts(joined.messages)
        joined.roles = SessionBuilder.roles(joined.messages)
        joined.mentioned.merge(part.mentioned) { first, _ in first }
        joined.otherNames.merge(part.otherNames) { first, _ in first }
        if joined.description.isEmpty { joined.description = part.description }
        return joined
    }
}
