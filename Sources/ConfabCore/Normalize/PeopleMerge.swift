/// `people:` in the settings: several identities (a Twitter handle, a Slack id, a Discord
/// snowflake) that are one person, who then has one page across platforms. Applied to
/// every session before people are counted: authors, mentions, replies, reactions and
/// events name the person by one key, `person:<name>`.
struct PeopleMerge {
    /// Identity key → the person it belongs to.
    let canonical: [String: PersonID]

    init(_ people: [PersonConfig]) {
        var canonical: [String: PersonID] = [:]
        for person in people {
            let id = PersonID(platform: "person", native: person.name)
            for identity in person.identities { canonical[identity.key] = id }
        }
        self.canonical = canonical
    }

    var isEmpty: Bool { canonical.isEmpty }

    func key(_ key: String) -> String { canonical[key.lowercased()]?.key ?? key }

    func apply(_ session: Session) -> Session {
        var session = session
        for index in session.messages.indices {
            var message = session.messages[index]
            if let key = message.authorKey, let person = canonical[key] { message.authorID = person }
            message.entities = message.entities.map { entity in
                guard entity.kind == .mention, let person = canonical[entity.value.lowercased()] else { return entity }
                return TextEntity(kind: .mention, range: entity.range, value: person.key)
            }
            message.replyTo = message.replyTo.map { canonical[$0.lowercased()]?.key ?? $0 }
            message.reactions = message.reactions.map { Reaction(emoji: $0.emoji, count: $0.count, people: $0.people.map(key)) }
            session.messages[index] = message
        }
        session.events = session.events.map { var event = $0; event.personKey = event.personKey.map(key); return event }
        session.authors = SessionBuilder.authorCounts(session.messages)
        session.roles = SessionBuilder.roles(session.messages)
        var mentioned: [String: String] = [:]
        for (named, handle) in session.mentioned.sorted(by: { $0.key < $1.key }) where mentioned[key(named)] == nil {
            mentioned[key(named)] = handle
        }
        session.mentioned = mentioned
        session.otherNames = Dictionary(session.otherNames.map { (key($0.key), $0.value) }) { first, _ in first }
        return session
    }
}
