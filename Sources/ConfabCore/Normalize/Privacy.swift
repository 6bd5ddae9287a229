/// `privacy:` applied to each source's sessions where they are built, so neither the
/// pages nor the session cache ever hold what the settings take out:
/// - people excluded: their messages gone (a placeholder where another message replies
///   to, quotes or threads under one), their mentions "someone", their reactions and
///   events gone;
/// - people pseudonymized (or everyone but `public` under `anonymize: all`): a stable
///   "Participant 482913" from an HMAC of their identity under a secret salt;
/// - single messages (`remove`), and messages their writer marked not to be logged;
/// - e-mail addresses and phone numbers in texts masked.
struct PrivacyRules: Sendable {
    let settings: PrivacySettings
    let merge: PeopleMerge
    let salt: [UInt8]
    /// Lower-cased `people:` names, by the key of the person they make.
    let personNames: [String: String]
    /// Lower-cased: the built-in markers and the settings'.
    let nolog: [String]
    /// The site's tags of each series, for question texts.
    let config: SiteConfig

    enum Decision: Hashable, Sendable {
        case keep, exclude
        case pseudonym(PersonID, name: String)
    }

    /// An entry of the settings by its list and place (`exclude 0`): what the cache keeps
    /// of which entries named something, never the names themselves.
    static func use(_ list: String, _ index: Int) -> String { "\(list) \(index)" }

    /// What an archive's owner reads where a message was taken out.
    static let removedText = "A message removed at its author’s request"
    static let someone = "someone"

    init(_ config: SiteConfig) {
        self.config = config
        settings = config.privacy
        merge = PeopleMerge(config.people)
        salt = Array((config.privacy.salt ?? "").utf8)
        personNames = Dictionary(config.people.map { (PersonID(platform: "person", native: $0.name).key, $0.name.lowercased()) }) { a, _ in a }
        nolog = (PrivacySettings.nologPrefixes + config.privacy.nolog).map { $0.lowercased() }
    }

    /// The pseudonym of a person, by their identity (after `people:` merges it): the same
    /// on every page and in every build with the same salt, and not to be found by
    /// hashing a guessed handle without the salt.
    func pseudonym(_ key: String) -> Decision {
        let canonical = merge.key(key)
        let digest = SHA256.hmac(key: salt, Array(canonical.utf8))
        let number = digest[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return .pseudonym(PersonID(platform: "pseudonym", native: SHA256.hex(digest.prefix(8))), name: "Participant \(number % 900_000 + 100_000)")
    }

    /// Where the first of `references` that names the person of `key` (known here by
    /// `names`, in lower case) is in its list.
    func first(of references: [PersonReference], naming key: String, names: Set<String>) -> Int? {
        let canonical = merge.key(key)
        return references.firstIndex { reference in
            switch reference.kind {
            case .identity(let id):
                return id.key == key || merge.key(id.key) == canonical
            case .name(let name):
                return name == key || names.contains(name) || personNames[canonical] == name
            }
        }
    }

    /// Whether `text` opens with a marker asking that it not be logged.
    func isUnlogged(_ text: String) -> Bool {
        let opening = text.drop { $0.isWhitespace }.prefix(64).lowercased()
        return nolog.contains { opening.hasPrefix($0) }
    }

    func removes(_ reference: MessageReference, _ message: Message, page: String, platform: String, file: String) -> Bool {
        switch reference.kind {
        case .anchor(let target, let id): target == page && id == message.id
        case .native(let target, let id): message.nativeID == id && (target == nil || target == platform)
        case .line(let target, let line): message.line == line && target == file
        }
    }

    /// The session as the settings allow it to be published, and the settings' entries it
    /// used (so entries that name nothing anywhere can be reported).
    func apply(_ session: Session) -> (session: Session, used: Set<String>) {
        var used = Set<String>()
        // Everyone the session names, with every spelling it has for them.
        var spellings: [String: Set<String>] = [:]
        for message in session.messages {
            if let key = message.authorKey { spellings[key, default: []].formUnion(message.author.map { [$0] } ?? []) }
            for reaction in message.reactions { for key in reaction.people where spellings[key] == nil { spellings[key] = [] } }
        }
        for (key, name) in session.mentioned { spellings[key, default: []].insert(name) }
        for (key, name) in session.otherNames { spellings[key, default: []].insert(name) }
        for event in session.events { if let key = event.personKey, spellings[key] == nil { spellings[key] = [] } }
        let bots = Set(session.messages.filter(\.isBot).compactMap(\.authorKey))

        var decisions: [String: Decision] = [:]
        for (key, written) in spellings {
            let names = Set(written.map { $0.lowercased() }), decision: Decision
            if let index = first(of: settings.exclude, naming: key, names: names) {
                used.insert(Self.use("exclude", index))
                decision = .exclude
            } else if let index = first(of: settings.pseudonym, naming: key, names: names) {
                used.insert(Self.use("pseudonym", index))
                decision = pseudonym(key)
            } else if settings.anonymizeAll {
                let kept = first(of: settings.publicPeople, naming: key, names: names)
                if let kept { used.insert(Self.use("public", kept)) }
                decision = kept == nil && !bots.contains(key) ? pseudonym(key) : .keep
            } else {
                decision = .keep
            }
            if decision != .keep { decisions[key] = decision }
        }
        func decision(_ key: String) -> Decision { decisions[key.lowercased()] ?? .keep }

        // Messages taken out: by an excluded person, named in `remove`, or marked not to be logged.
        let page = session.pageName
        let platform = session.channel?.platform ?? PersonID.transcript, file = Source.underContent(session.source.file)
        var removed = Set<String>()
        for message in session.messages {
            if let key = message.authorKey, decision(key) == .exclude {
                removed.insert(message.id)
            } else if let index = settings.remove.firstIndex(where: { removes($0, message, page: page, platform: platform, file: file) }) {
                used.insert(Self.use("remove", index))
                removed.insert(message.id)
            } else if isUnlogged(message.body) {
                removed.insert(message.id)
            }
        }
        guard !removed.isEmpty || !decisions.isEmpty || settings.maskContacts else { return (session, used) }

        // A removed message that a kept one replies to, quotes or is threaded under stays as a placeholder.
        var pointedAt = Set<String>()
        for message in session.messages where !removed.contains(message.id) {
            if let id = message.inReplyToID { pointedAt.insert(id) }
            if let id = message.threadRootID { pointedAt.insert(id) }
            pointedAt.formUnion(message.quotedIDs)
        }
        // Names as texts write them, longest first: replaced in events and question texts.
        var renames: [(name: String, to: String)] = []
        for (key, decision) in decisions {
            let to: String
            switch decision {
            case .keep: continue
            case .exclude: to = Self.someone
            case .pseudonym(_, let name): to = name
            }
            for name in spellings[key] ?? [] where !name.isEmpty { renames.append((name, to)) }
        }
        renames.sort { ($1.name.count, $0.name) < ($0.name.count, $1.name) }

        var session = session
        var messages: [Message] = [], dropped: [String] = []
        for message in session.messages {
            if removed.contains(message.id) {
                if pointedAt.contains(message.id) { messages.append(Self.placeholder(message)) } else { dropped.append(message.id) }
            } else {
                messages.append(edited(message, decision: decision, renames: renames))
            }
        }
        // An event shown before a message that is gone is shown before the next one kept.
        let kept = Set(messages.map(\.id))
        var nextKept: [String: String?] = [:], next: String?
        for message in session.messages.reversed() {
            if kept.contains(message.id) { next = message.id } else { nextKept[message.id] = next }
        }
        session.events = session.events.compactMap { event in
            var event = event
            if let key = event.personKey {
                switch decision(key) {
                case .exclude: return nil
                case .pseudonym(let id, _): event.personKey = id.key
                case .keep: break
                }
            }
            event.text = cleaned(event.text, renames: renames)
            if let before = event.beforeID, let moved = nextKept[before] { event.beforeID = moved }
            return event
        }
        session.threads = session.threads.compactMap { thread in
            let replies = thread.replyIDs.filter(kept.contains)
            return kept.contains(thread.rootID) && !replies.isEmpty ? ChatThread(rootID: thread.rootID, replyIDs: replies) : nil
        }
        let published = Set(messages.filter { !$0.isRemoved }.map(\.id))
        // A question whose message was taken out goes with it: its page would say nothing of it.
        session.questions = session.questions.compactMap { question in
            var question = question
            if let id = question.messageID, !published.contains(id) { return nil }
            question.text = cleaned(question.text, renames: renames)
            question.answerIDs = question.answerIDs.filter(published.contains)
            question.replyIDs = question.replyIDs.filter(published.contains)
            return question.messageID != nil || !question.answerIDs.isEmpty ? question : nil
        }
        session.messages = messages
        session.privacyRemoved = removed.count
        session.mentioned = renamed(session.mentioned, decision)
        session.otherNames = renamed(session.otherNames, decision)
        session.authors = SessionBuilder.authorCounts(messages)
        session.roles = SessionBuilder.roles(messages)
        return (session, used)
    }

    /// What stays of a removed message that others point at: its place, nothing of it.
    static func placeholder(_ message: Message) -> Message {
        var placeholder = Message(id: message.id, author: nil, role: nil, time: message.time, instant: message.instant,
                                  timeIsWritten: false, text: "", line: message.line, threadRootID: message.threadRootID)
        placeholder.isRemoved = true
        return placeholder
    }

    func edited(_ message: Message, decision: (String) -> Decision, renames: [(name: String, to: String)]) -> Message {
        var message = message
        if let key = message.authorKey, case .pseudonym(let id, let name) = decision(key) {
            message.authorID = id
            message.author = name
        }
        var edits: [TextEdit] = []
        let bytes = Array(message.text.utf8)
        for entity in message.entities where entity.kind == .mention && entity.range.upperBound <= bytes.count {
            switch decision(entity.value) {
            case .keep: break
            case .exclude: edits.append(TextEdit(entity.range, Self.someone))
            case .pseudonym(let id, let name):
                let at = bytes[entity.range.lowerBound] == UInt8(ascii: "@") ? "@" : ""
                edits.append(TextEdit(entity.range, at + name, entity: .mention, value: id.key))
            }
        }
        if settings.maskContacts {
            edits += ContactMask.edits(message.text).filter { mask in !edits.contains { $0.range.overlaps(mask.range) } }
        }
        if !edits.isEmpty {
            (message.text, message.entities, message.styles) = TextEdit.apply(edits, to: message.text, entities: message.entities, styles: message.styles)
        }
        message.replyTo = message.replyTo.compactMap { handle in
            switch decision(handle) {
            case .keep: handle
            case .exclude: nil
            case .pseudonym(let id, _): id.key
            }
        }
        message.reactions = message.reactions.compactMap { reaction in
            var reaction = reaction
            var people: [String] = []
            for key in reaction.people {
                switch decision(key) {
                case .keep: people.append(key)
                case .exclude: reaction.count -= 1
                case .pseudonym(let id, _): people.append(id.key)
                }
            }
            reaction.people = people
            return reaction.count > 0 ? reaction : nil
        }
        message.forwardedFrom = message.forwardedFrom.map { cleaned($0, renames: renames) }
        return message
    }

    /// A text the export wrote (an event, a question, a forwarder's name) with the names
    /// of the people taken out or pseudonymized replaced, and contacts masked.
    func cleaned(_ text: String, renames: [(name: String, to: String)]) -> String {
        var text = text
        for (name, to) in renames where text.contains(name) { text = Self.replacingWord(name, with: to, in: text) }
        if settings.maskContacts {
            let edits = ContactMask.edits(text)
            if !edits.isEmpty { text = TextEdit.apply(edits, to: text, entities: [], styles: []).text }
        }
        return text
    }

    /// Every `word` not inside a longer word replaced.
    static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
        var result = "", rest = text[...]
        while let found = rest.range(of: word) {
            let before = found.lowerBound == rest.startIndex ? (result.last ?? " ") : rest[rest.index(before: found.lowerBound)]
            let after = found.upperBound == rest.endIndex ? " " : rest[found.upperBound]
            let isWord = !(before.isLetter || before.isNumber) && !(after.isLetter || after.isNumber)
            result += rest[..<found.lowerBound] + (isWord ? replacement : word)
            rest = rest[found.upperBound...]
        }
        return result + rest
    }

    /// A session's names by key, with excluded people gone and pseudonymized ones renamed.
    func renamed(_ names: [String: String], _ decision: (String) -> Decision) -> [String: String] {
        var result: [String: String] = [:]
        for (key, name) in names.sorted(by: { $0.key < $1.key }) {
            switch decision(key) {
            case .keep: result[key] = result[key] ?? name
            case .exclude: break
            case .pseudonym(let id, let pseudonym): result[id.key] = pseudonym
            }
        }
        return result
    }
}
