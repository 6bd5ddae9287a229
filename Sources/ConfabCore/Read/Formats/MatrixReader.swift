import Foundation

/// Element (Matrix): a room as Element's "Export chat" writes it in JSON, `{room_name,
/// room_creator, topic, export_date, exported_by, messages}`, where `messages` holds the
/// room's client events as the server sent them, in timeline order (encrypted ones as
/// Element decrypted them). Without attachments the export is that one file; with them it
/// is a zip (or the folder it unzips to) holding `export.json` beside `images/`, `videos/`,
/// `audio/`, `files/` and `stickers/`.
///
/// Messages (text, notices, emotes, media, stickers, polls' text) become events; edits,
/// reactions, redactions and pins change the messages they point at; membership and room
/// state become system events. People are `matrix:@user:server`, named by their
/// `m.room.member` events. Media are named, never linked: `mxc://` addresses, avatars and
/// room pictures are not kept.
enum MatrixReader: FormatReader {
    static let format = SourceFormat.matrix
    /// The folders Element's exporter puts each kind of attachment in, beside `export.json`.
    static let mediaFolders: Set<String> = ["images", "videos", "audio", "files", "stickers"]

    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains("export.json") && names.contains { mediaFolders.contains($0) }
    }

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        switch source.kind {
        case .file:
            return source.files.first.map(sniff) ?? 0
        case .folder, .zip:
            return source.files.contains { isJSON($0) && sniff($0) > 0 } ? 95 : 0
        }
    }

    static func isJSON(_ file: SourceFile) -> Bool { file.path.lowercased().hasSuffix(".json") }

    /// The export's own keys near the top of a JSON object (they come before `messages`).
    static func sniff(_ file: SourceFile) -> Int {
        guard JSONSource.opening(file.text) == "{" else { return 0 }
        let head = JSONSource.head(file.text)
        let name = hasKey(head, "room_name"), creator = hasKey(head, "room_creator")
        guard name || creator else { return 0 }
        if name && creator { return 95 }
        if hasKey(head, "messages") && (hasKey(head, "event_id") || hasKey(head, "origin_server_ts")) { return 90 }
        if hasKey(head, "exported_by") || hasKey(head, "export_date") { return 85 }
        return 0
    }

    /// `"key"` followed by a colon: a key, not a word inside some string.
    static func hasKey(_ head: Substring, _ key: String) -> Bool {
        let quoted = "\"\(key)\""
        var rest = head
        while let range = rest.range(of: quoted) {
            let after = rest[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            if after.first == ":" { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        let exports = source.kind == .file ? Array(source.files.prefix(1)) : source.files.filter { isJSON($0) && sniff($0) > 0 }
        guard !exports.isEmpty else {
            return ([], [.warning(SourceLocation(file: source.path), "no Element export (a JSON file with 'room_name' and 'messages') in it; skipped")])
        }
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        for file in exports {
            // Attachments are in the media folders beside the JSON, by their path in the source.
            var held: [HeldFile] = []
            if source.kind != .file {
                let folder = (source.name(of: file) as NSString).deletingLastPathComponent
                let prefix = folder.isEmpty ? "" : folder + "/"
                let names = source.media + source.files.filter { $0.path != file.path }.map { source.name(of: $0) }
                for name in names.sorted() where name.hasPrefix(prefix) {
                    let inside = String(name.dropFirst(prefix.count))
                    if let top = inside.split(separator: "/").first, mediaFolders.contains(String(top)) {
                        held.append(HeldFile(inside: inside, path: name))
                    }
                }
            }
            let (conversation, found) = readExport(file, held: held)
            diagnostics += found
            if let conversation { chats.append(.conversation(conversation)) }
        }
        return (chats, diagnostics)
    }

    /// One export file: parsed (or, cut short, what it holds up to its last whole event), read.
    static func readExport(_ file: SourceFile, held: [HeldFile]) -> (RawConversation?, [Diagnostic]) {
        let here = SourceLocation(file: file.path)
        var diagnostics: [Diagnostic] = []
        let layout = MatrixLayout.scan(file.text)
        var (json, problem) = JSONSource.parse(file)
        if let problem {
            guard let salvaged = layout.salvage(file.text) else { return (nil, [problem]) }
            json = salvaged
            let kept = (salvaged as? [String: Any])?["messages"] as? [Any]
            diagnostics.append(.warning(SourceLocation(file: file.path, line: layout.lastLine),
                                        "the JSON stops before its end (a download cut short?); read the \(Wording.plural(kept?.count ?? 0, "event")) before the cut, the rest is lost"))
        }
        guard let root = json as? [String: Any], let list = root["messages"] as? [Any] else {
            return (nil, diagnostics + [.warning(here, "Element export without a 'messages' list; skipped")])
        }
        var room = MatrixRoom(file: file, lines: layout.lines, held: held)
        let events = room.read(list)
        diagnostics += room.diagnostics
        guard !events.isEmpty else {
            return (nil, diagnostics + [.warning(here, "Element export with no messages; skipped")])
        }
        let topic = JSONSource.string(root["topic"]) ?? room.lastTopic
        let name = [JSONSource.string(root["room_name"]), room.lastName, room.roomID].lazy.compactMap { $0 }.first { !$0.isEmpty }
            ?? ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let channel = RawChannel(platform: "matrix", name: name, id: room.roomID, topic: topic.flatMap { $0.isEmpty ? nil : $0 })
        return (RawConversation(format: .matrix, channel: channel, users: room.users, events: events, source: here, isPrivate: room.isDirect), diagnostics)
    }

    /// A file of the export's media folders: its path below `export.json`'s folder, and in the source.
    struct HeldFile: Equatable {
        var inside: String
        var path: String
    }
}

/// Where each event of the `messages` list starts (its line), found in one pass over the
/// bytes that follows strings and nesting; and where the last whole event ends, so a file
/// cut short still gives the events before the cut.
struct MatrixLayout {
    /// The line each element of `messages` starts on, by position.
    var lines: [Int] = []
    /// UTF-8 offset just past the last complete element, while the list is still open.
    var completeEnd: Int?
    /// UTF-8 offset just past the list's `]`, when the root object was left open after it.
    var listEnd: Int?
    var inList = false
    var lastLine = 1

    static func scan(_ text: String) -> MatrixLayout {
        text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? Array(text.utf8).withUnsafeBufferPointer { scan($0) }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> MatrixLayout {
        var layout = MatrixLayout()
        let messages = Array("messages".utf8)
        var depth = 0, line = 1, inString = false, escaped = false
        var stringStart = 0, lastString = 0..<0, key = 0..<0
        var expectElement = false, listSeen = false
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastString = stringStart..<index }
                }
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if expectElement, layout.inList, depth == 2, byte != UInt8(ascii: "]") {
                layout.lines.append(line)
                expectElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = index + 1
            case UInt8(ascii: ":"):
                if depth == 1 { key = lastString }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if byte == UInt8(ascii: "["), depth == 1, !listSeen, key.count == messages.count,
                   zip(bytes[key], messages).allSatisfy({ $0 == $1 }) {
                    listSeen = true
                    layout.inList = true
                    expectElement = true
                }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if layout.inList {
                    if depth == 1 {
                        layout.inList = false
                        layout.listEnd = index + 1
                    } else if depth == 2 {
                        layout.completeEnd = index + 1
                    }
                }
            case UInt8(ascii: ","):
                if layout.inList, depth == 2 { expectElement = true }
            default:
                break
            }
        }
        layout.lastLine = line
        if depth == 0 { layout.listEnd = nil }
        return layout
    }

    /// The root object closed after the last whole event, parsed; nil when nothing is whole.
    func salvage(_ text: String) -> Any? {
        let utf8 = Array(text.utf8)
        let repaired: String
        if inList, let end = completeEnd {
            repaired = String(decoding: utf8[..<end], as: UTF8.self) + "\n]}"
        } else if let end = listEnd {
            repaired = String(decoding: utf8[..<end], as: UTF8.self) + "\n}"
        } else {
            return nil
        }
        return try? JSONSerialization.jsonObject(with: Data(repaired.utf8))
    }
}

/// One room's events. A first pass finds what later events change (redactions, pins, the
/// names people go by); a second builds messages and system events in order; then edits,
/// reactions and pins are applied to the messages they point at.
struct MatrixRoom {
    let file: SourceFile
    let lines: [Int]
    /// The export's media files by each prefix of their path that ends in `-`: Element names a
    /// file `<folder>/<name>-<date>`, and the date's own form depends on the exporting browser.
    let held: [String: [MatrixReader.HeldFile]]
    var diagnostics: [Diagnostic] = []

    var users: [String: RawUser] = [:]
    var roomID: String?
    var lastTopic: String?
    var lastName: String?
    /// A member event says the room was made as a direct chat (`is_direct`, the spec's flag
    /// on the invite of a DM). Element's export writes no flag of its own: this is all it says.
    var isDirect = false

    /// Display names: each person's latest, every one they had (to find mentions by), the
    /// one before their first `m.room.member` event, and the one they have at this point.
    private var latestName: [String: String] = [:]
    private var allNames: [String: [String]] = [:]
    private var initialName: [String: String] = [:]
    private var currentName: [String: String] = [:]
    private var claimed = Set<String>()

    init(file: SourceFile, lines: [Int], held: [MatrixReader.HeldFile]) {
        self.file = file
        self.lines = lines
        var byPrefix: [String: [MatrixReader.HeldFile]] = [:]
        for file in held {
            for dash in file.inside.indices where file.inside[dash] == "-" {
                byPrefix[String(file.inside[...dash]), default: []].append(file)
            }
        }
        self.held = byPrefix
    }

    /// Event types read for nothing: settings, calls' plumbing, poll votes, live locations.
    static let quietTypes: Set<String> = [
        "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility", "m.room.guest_access",
        "m.room.canonical_alias", "m.room.aliases", "m.room.server_acl", "m.room.related_groups",
        "m.room.third_party_invite", "m.room.bot.options", "m.room.retention", "m.room.message.feedback",
        "m.space.child", "m.space.parent", "im.vector.modular.widgets", "io.element.widgets.layout",
        "m.call.answer", "m.call.hangup", "m.call.candidates", "m.call.select_answer", "m.call.negotiate",
        "m.call.reject", "m.call.sdp_stream_metadata_changed", "m.call.member", "org.matrix.msc3401.call",
        "org.matrix.msc3401.call.member", "m.poll.response", "org.matrix.msc3381.poll.response",
        "m.poll.end", "org.matrix.msc3381.poll.end", "m.beacon_info", "org.matrix.msc3672.beacon_info",
        "m.beacon", "org.matrix.msc3672.beacon", "io.element.voice_broadcast_info",
        "m.key.verification.start", "m.key.verification.accept", "m.key.verification.key",
        "m.key.verification.mac", "m.key.verification.done", "m.key.verification.cancel", "m.key.verification.ready",
    ]
    static let pollTypes: Set<String> = ["m.poll.start", "org.matrix.msc3381.poll.start"]
    /// Types read as messages (an encrypted one, only to count it).
    static let messageTypes = pollTypes.union(["m.room.message", "m.sticker", "m.room.encrypted"])
    static let mediaTypes: Set<String> = ["m.image", "m.file", "m.video", "m.audio"]
    static let textTypes: Set<String> = ["m.text", "m.notice", "m.emote", "m.server_notice", "m.location"]

    /// A client event, its common keys read once.
    struct Event {
        var index: Int
        var type: String
        var id: String?
        var sender: String?
        var stateKey: String?
        var time: Date?
        var content: [String: Any]
        var unsigned: [String: Any]
        var prevContent: [String: Any]?
        var isRedacted: Bool

        var relation: [String: Any]? { content["m.relates_to"] as? [String: Any] }
        var relType: String? { relation.flatMap { JSONSource.string($0["rel_type"]) } }
        var relTarget: String? { relation.flatMap { JSONSource.string($0["event_id"]) } }

        init?(_ item: Any, index: Int) {
            guard var object = item as? [String: Any] else { return nil }
            // An early exporter's shape for encrypted events: `{decrypted, encrypted}`.
            if object["type"] == nil, let decrypted = object["decrypted"] as? [String: Any] { object = decrypted }
            guard let type = JSONSource.string(object["type"]) else { return nil }
            self.index = index
            self.type = type
            id = JSONSource.string(object["event_id"])
            sender = JSONSource.string(object["sender"]) ?? JSONSource.string(object["user_id"])
            stateKey = JSONSource.string(object["state_key"])
            time = MatrixRoom.instant(object["origin_server_ts"])
            content = object["content"] as? [String: Any] ?? [:]
            unsigned = object["unsigned"] as? [String: Any] ?? [:]
            // Servers put the state an event replaced in `unsigned`, older ones beside `content`.
            prevContent = unsigned["prev_content"] as? [String: Any] ?? object["prev_content"] as? [String: Any]
            isRedacted = unsigned["redacted_because"] != nil || object["redacted_because"] != nil
        }
    }

    static func instant(_ value: Any?) -> Date? {
        let milliseconds: Double? = switch value {
        case let number as NSNumber: number.doubleValue
        case let string as String: Double(string)
        default: nil
        }
        // Between 1970 and the year 10000: anything else is no time at all.
        guard let milliseconds, milliseconds > 0, milliseconds < 253_402_300_800_000 else { return nil }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    static func localpart(_ id: String) -> String {
        let name = id.hasPrefix("@") ? id.dropFirst() : id[...]
        return String(name.prefix { $0 != ":" })
    }

    func location(_ index: Int) -> SourceLocation {
        SourceLocation(file: file.path, line: index < lines.count ? lines[index] : nil)
    }

    /// The name to write in a system event: the one they had then, else their latest, else the localpart.
    func name(_ id: String?) -> String {
        guard let id else { return "Someone" }
        if let now = currentName[id] { return now.isEmpty ? MatrixRoom.localpart(id) : now }
        return initialName[id] ?? latestName[id] ?? MatrixRoom.localpart(id)
    }

    /// The name on a message: only one the member events gave at that time.
    func nameNow(_ id: String) -> String? {
        if let now = currentName[id] { return now.isEmpty ? MatrixRoom.localpart(id) : now }
        return initialName[id]
    }

    mutating func read(_ list: [Any]) -> [RawEvent] {
        var events: [Event] = []
        var skippedItems = 0
        for (index, item) in list.enumerated() {
            if let event = Event(item, index: index) { events.append(event) } else { skippedItems += 1 }
        }
        if skippedItems > 0 {
            diagnostics.append(.warning(SourceLocation(file: file.path), "\(Wording.plural(skippedItems, "item")) of 'messages' without an event type; skipped"))
        }

        // First pass: what is redacted, every id there is, the names people had.
        var redactedIDs = Set<String>(), knownIDs = Set<String>()
        var seenMember = Set<String>()
        for event in events {
            if roomID == nil, let id = (list[event.index] as? [String: Any]).flatMap({ JSONSource.string($0["room_id"]) }) { roomID = id }
            if event.type == "m.room.redaction" {
                if !event.isRedacted, let target = JSONSource.string((list[event.index] as? [String: Any])?["redacts"]) ?? JSONSource.string(event.content["redacts"]) {
                    redactedIDs.insert(target)
                }
                continue
            }
            if let id = event.id { knownIDs.insert(id) }
            if let sender = event.sender { users[sender] = users[sender] ?? RawUser(username: MatrixRoom.localpart(sender)) }
            guard event.type == "m.room.member", let target = event.stateKey, target.hasPrefix("@") else { continue }
            if JSONSource.bool(event.content["is_direct"]) || JSONSource.bool(event.prevContent?["is_direct"]) { isDirect = true }
            users[target] = users[target] ?? RawUser(username: MatrixRoom.localpart(target))
            // Before their first member event people had the name it replaced, else the one it gives.
            if seenMember.insert(target).inserted,
               let before = [event.prevContent?["displayname"], event.isRedacted ? nil : event.content["displayname"]]
                   .lazy.compactMap(JSONSource.string).first(where: { !$0.isEmpty }) {
                initialName[target] = before
                allNames[target, default: []].append(before)
            }
            if !event.isRedacted, let name = JSONSource.string(event.content["displayname"]), !name.isEmpty {
                latestName[target] = name
                if !(allNames[target]?.contains(name) ?? false) { allNames[target, default: []].append(name) }
            }
        }
        for (id, name) in latestName { users[id]?.displayName = name }

        // Second pass: messages and system events in order.
        var built: [RawEvent] = []
        var builtIndex: [String: Int] = [:]
        var senderOf: [String: String] = [:]
        var edits: [Event] = [], reactions: [Event] = []
        var serverEdits: [(target: String, edit: Event)] = []
        var serverReactions: [String: [(key: String, count: Int)]] = [:]
        // What is left out or kept apart, counted in one warning each at the first one's line.
        var redacted: [Int] = [], undecryptable: [Int] = [], orphanEdits: [Int] = [], unknownReactions: [Int] = []
        var unknownTypes: [String: Int] = [:], firstUnknownType: Int?, warnedMsgtypes = Set<String>()
        var pinned = Set<String>(), finalPinned: Set<String>?
        var pinnedStarted = false

        for event in events {
            let isRedacted = event.isRedacted || event.id.map(redactedIDs.contains) == true
            if event.type == "m.room.redaction" { continue }
            guard let time = event.time else {
                diagnostics.append(.warning(location(event.index), "event \(event.id ?? "#\(event.index + 1)") has no time ('origin_server_ts'); skipped"))
                continue
            }
            func system(_ text: String?) {
                guard let text else { return }
                built.append(RawEvent(kind: .system, id: event.id, author: event.sender.map(RawAuthor.id), time: time, text: text,
                                      location: location(event.index)))
            }
            let who = name(event.sender)
            switch event.type {
            case _ where MatrixRoom.messageTypes.contains(event.type):
                let msgtype = JSONSource.string(event.content["msgtype"])
                if isRedacted || event.content.isEmpty {
                    if event.relType != "m.replace" { redacted.append(event.index) }
                    continue
                }
                if event.type == "m.room.encrypted" || msgtype == "m.bad.encrypted" {
                    undecryptable.append(event.index)
                    continue
                }
                if msgtype == "m.key.verification.request" { continue }
                if event.relType == "m.replace", let target = event.relTarget {
                    if knownIDs.contains(target) {
                        edits.append(event)
                        continue
                    }
                    // Its message is not in the export: the edit's new text stands alone.
                    orphanEdits.append(event.index)
                    let newContent = event.content["m.new_content"] as? [String: Any] ?? event.content
                    var parts = parts(event.type, newContent, time: time, stripReply: false)
                    // Without `m.new_content` only the fallback is left: `* ` and the new text.
                    if event.content["m.new_content"] == nil, parts.text.hasPrefix("* ") {
                        parts.text.removeFirst(2)
                        parts.marks = parts.marks.compactMap { mark in
                            mark.range.lowerBound >= 2 ? RawMark(mark.kind, range: mark.range.lowerBound - 2..<mark.range.upperBound - 2) : nil
                        }
                    }
                    built.append(messageEvent(event, time: time, parts: parts, isEdited: true))
                    continue
                }
                if let msgtype, !MatrixRoom.textTypes.contains(msgtype), !MatrixRoom.mediaTypes.contains(msgtype),
                   warnedMsgtypes.insert(msgtype).inserted {
                    diagnostics.append(.warning(location(event.index), "message of unknown type '\(msgtype)' read as text"))
                }
                let isReply = (event.relation?["m.in_reply_to"] as? [String: Any]) != nil
                let parts = parts(event.type, event.content, time: time, stripReply: isReply)
                let media = heldPath(event.type, event.content, time: time)
                var rawEvent = messageEvent(event, time: time, parts: parts)
                if let media, !rawEvent.attachments.isEmpty { (rawEvent.attachments[0].path, rawEvent.attachments[0].access) = (media, nil) }
                // What the server aggregated: an edit, reactions (older servers).
                if let relations = event.unsigned["m.relations"] as? [String: Any], let id = event.id {
                    if let replace = relations["m.replace"] as? [String: Any] {
                        rawEvent.isEdited = true
                        if let edit = Event(replace, index: event.index), edit.content["m.new_content"] != nil { serverEdits.append((id, edit)) }
                    }
                    let chunk = (relations["m.annotation"] as? [String: Any])?["chunk"] as? [[String: Any]] ?? []
                    serverReactions[id] = chunk.compactMap { entry in
                        guard let key = JSONSource.string(entry["key"]), let count = JSONSource.int(entry["count"]), count > 0 else { return nil }
                        return (key, count)
                    }
                }
                if let id = event.id, builtIndex[id] == nil {
                    builtIndex[id] = built.count
                    senderOf[id] = event.sender
                }
                built.append(rawEvent)
            case "m.reaction":
                if !isRedacted { reactions.append(event) }
            case "m.room.member":
                guard !isRedacted, let target = event.stateKey else { continue }
                system(memberText(event, sender: who, target: target))
                if let name = JSONSource.string(event.content["displayname"]) {
                    currentName[target] = name
                } else if JSONSource.string(event.content["membership"]) == "join" {
                    currentName[target] = ""   // no display name: the localpart
                }
            case "m.room.name":
                guard !isRedacted else { continue }
                let newName = JSONSource.string(event.content["name"]) ?? ""
                lastName = newName
                system(newName.isEmpty ? "\(who) removed the room name" : "\(who) changed the room name to \(newName)")
            case "m.room.topic":
                guard !isRedacted else { continue }
                let topic = JSONSource.string(event.content["topic"]) ?? ""
                lastTopic = topic
                system(topic.isEmpty ? "\(who) removed the topic" : "\(who) changed the topic to \(topic)")
            case "m.room.create":
                system("\(who) created the room")
            case "m.room.avatar":
                guard !isRedacted else { continue }
                system(event.content["url"] == nil ? "\(who) removed the room picture" : "\(who) changed the room picture")
            case "m.room.encryption":
                system("\(who) turned on end-to-end encryption")
            case "m.room.tombstone":
                system("\(who) upgraded the room")
            case "m.room.pinned_events":
                guard !isRedacted else { continue }
                if !pinnedStarted {
                    pinned = Set((event.prevContent?["pinned"] as? [Any] ?? []).compactMap(JSONSource.string))
                    pinnedStarted = true
                }
                let now = Set((event.content["pinned"] as? [Any] ?? []).compactMap(JSONSource.string))
                let added = now.subtracting(pinned).count, removed = pinned.subtracting(now).count
                pinned = now
                finalPinned = now
                if added > 0, removed == 0 {
                    system("\(who) pinned \(added == 1 ? "a message" : "\(added) messages")")
                } else if removed > 0, added == 0 {
                    system("\(who) unpinned \(removed == 1 ? "a message" : "\(removed) messages")")
                } else if added > 0 {
                    system("\(who) changed the pinned messages")
                }
            case "m.call.invite":
                let sdp = ((event.content["offer"] as? [String: Any])?["sdp"] as? String) ?? ""
                system("\(who) placed a \(sdp.contains("m=video") ? "video" : "voice") call")
            default:
                if !MatrixRoom.quietTypes.contains(event.type), !event.type.hasPrefix("m.key.verification.") {
                    unknownTypes[event.type, default: 0] += 1
                    firstUnknownType = firstUnknownType ?? event.index
                }
            }
        }

        // Edits: the latest by the message's own author replaces its content.
        var ignoredEdits: [Int] = []
        var editsOf: [String: [Event]] = [:]
        for edit in edits { if let target = edit.relTarget { editsOf[target, default: []].append(edit) } }
        for (target, edit) in serverEdits where editsOf[target] == nil { editsOf[target] = [edit] }
        for (target, list) in editsOf {
            guard let index = builtIndex[target] else {
                if !redactedIDs.contains(target) { ignoredEdits += list.map(\.index) }
                continue
            }
            let own = list.filter { $0.sender == senderOf[target] }
            ignoredEdits += list.filter { $0.sender != senderOf[target] }.map(\.index)
            guard let latest = own.enumerated().max(by: { ($0.element.time ?? .distantPast, $0.offset) < ($1.element.time ?? .distantPast, $1.offset) })?.element,
                  let newContent = latest.content["m.new_content"] as? [String: Any] else { continue }
            var parts = parts("m.room.message", newContent, time: latest.time ?? built[index].time, stripReply: false)
            // The export's file is the first version's; a new caption keeps it.
            if parts.attachments.isEmpty {
                parts.attachments = built[index].attachments
            } else if let old = built[index].attachments.first, old.name == parts.attachments[0].name {
                (parts.attachments[0].path, parts.attachments[0].access) = (old.path, old.access)
            }
            built[index].kind = parts.kind
            built[index].text = parts.text
            built[index].marks = parts.marks
            built[index].attachments = parts.attachments
            built[index].isBot = parts.isBot
            built[index].isEdited = true
        }

        // Reactions: one per emoji, with who gave it; a person counts once per emoji.
        var given: [String: [(key: String, users: [String])]] = [:]
        for reaction in reactions {
            guard reaction.relType == "m.annotation", let target = reaction.relTarget,
                  let key = JSONSource.string(reaction.relation?["key"]) else { continue }
            guard builtIndex[target] != nil else {
                if !knownIDs.contains(target), !redactedIDs.contains(target) { unknownReactions.append(reaction.index) }
                continue
            }
            let emoji = MatrixRoom.reactionEmoji(key, content: reaction.content)
            var list = given[target] ?? []
            if let at = list.firstIndex(where: { $0.key == emoji }) {
                if let sender = reaction.sender, !list[at].users.contains(sender) { list[at].users.append(sender) }
            } else {
                list.append((emoji, reaction.sender.map { [$0] } ?? []))
            }
            given[target] = list
        }
        for (target, index) in builtIndex {
            var list = (given[target] ?? []).map { RawReaction(emoji: $0.key, count: $0.users.count, users: $0.users) }
            for (key, count) in serverReactions[target] ?? [] {
                let emoji = MatrixRoom.reactionEmoji(key, content: [:])
                if let at = list.firstIndex(where: { $0.emoji == emoji }) {
                    list[at].count = max(list[at].count, count)
                } else {
                    list.append(RawReaction(emoji: emoji, count: count))
                }
            }
            built[index].reactions = list
            if finalPinned?.contains(target) == true { built[index].isPinned = true }
        }

        func warn(_ indices: [Int], _ message: (Int) -> String) {
            guard let first = indices.first else { return }
            diagnostics.append(.warning(location(first), message(indices.count)))
        }
        warn(redacted) { "\(Wording.plural($0, "deleted message")) (redacted) left out" }
        warn(undecryptable) { "\(Wording.plural($0, "encrypted message")) Element could not decrypt when exporting; left out" }
        warn(orphanEdits) { "\(Wording.plural($0, "edit")) of messages not in the export kept as messages of their own" }
        warn(unknownReactions) { "\(Wording.plural($0, "reaction")) to messages not in the export left out" }
        warn(ignoredEdits.sorted()) { "\(Wording.plural($0, "edit")) ignored: by someone other than the message's author, or of an event that is not a message" }
        if let first = firstUnknownType {
            let listed = unknownTypes.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            diagnostics.append(.warning(location(first), "events of types Confab does not read left out: \(listed.joined(separator: ", "))"))
        }
        let unheld = built.filter { $0.attachments.contains { $0.path == nil } }
        if !held.isEmpty, let first = unheld.first {
            let count = unheld.reduce(0) { $0 + $1.attachments.filter { $0.path == nil }.count }
            diagnostics.append(.warning(first.location, "\(Wording.plural(count, "attachment")) not found among the export's files (Element leaves out what passes its size limit)"))
        }
        return built
    }

    /// A message's event from its parts and its relations (reply, thread).
    func messageEvent(_ event: Event, time: Date, parts: Parts, isEdited: Bool = false) -> RawEvent {
        let relation = event.relation
        var replyTo = (relation?["m.in_reply_to"] as? [String: Any]).flatMap { JSONSource.string($0["event_id"]) }
        var threadID: String?
        if let type = event.relType, type == "m.thread" || type == "io.element.thread" {
            threadID = event.relTarget
            // A thread message's reply to the thread's latest message is only there for
            // clients that show no threads.
            if JSONSource.bool(relation?["is_falling_back"]) { replyTo = nil }
        }
        return RawEvent(
            kind: parts.kind, id: event.id, author: event.sender.map(RawAuthor.id), authorName: event.sender.flatMap(nameNow),
            time: time, text: parts.text, marks: parts.marks, replyTo: replyTo, threadID: threadID,
            attachments: parts.attachments, isEdited: isEdited, isBot: parts.isBot, location: location(event.index)
        )
    }

    struct Parts {
        var kind: RawEvent.Kind
        var text: String
        var marks: [RawMark]
        var attachments: [RawAttachment]
        var isBot: Bool
    }

    /// A message's content as text, marks and attachments: `body` as written (a reply's
    /// quote of the message it answers taken off), mentions and links from `formatted_body`.
    func parts(_ type: String, _ content: [String: Any], time: Date, stripReply: Bool) -> Parts {
        let msgtype = JSONSource.string(content["msgtype"]) ?? ""
        var body = MatrixRoom.pollTypes.contains(type) ? MatrixRoom.pollText(content) : (JSONSource.string(content["body"]) ?? "")
        if stripReply { body = MatrixRoom.stripReplyFallback(body) }
        var attachments: [RawAttachment] = []
        if type == "m.sticker" || MatrixRoom.mediaTypes.contains(msgtype) {
            // Since Matrix 1.10 `filename` names the file and `body` is then a caption.
            let filename = JSONSource.string(content["filename"]).flatMap { $0.isEmpty ? nil : $0 }
            let info = content["info"] as? [String: Any]
            let kind = type == "m.sticker" ? "sticker" : String(msgtype.dropFirst(2))
            // Its `mxc://` address is never a link: the homeserver serves media to signed-in members only.
            attachments = [RawAttachment(name: filename ?? (body.isEmpty ? kind : body),
                                         type: info.flatMap { JSONSource.string($0["mimetype"]) } ?? kind,
                                         size: info.flatMap { JSONSource.int($0["size"]) }, access: .needsLogin)]
            body = filename != nil && filename != body ? body : ""
        }
        var marks: [RawMark] = []
        let bytes = Array(body.utf8)
        func free(_ range: Range<Int>) -> Bool { !marks.contains { $0.range.overlaps(range) } }
        func isWordByte(_ at: Int) -> Bool {
            guard at >= 0, at < bytes.count else { return false }
            let byte = bytes[at]
            return byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
        /// The first free occurrence; as a whole word only where the text may hold it by chance.
        func find(_ needle: String, from start: Int = 0, word: Bool = false) -> Range<Int>? {
            let pattern = Array(needle.utf8)
            guard !pattern.isEmpty, pattern.count <= bytes.count else { return nil }
            var at = max(0, start)
            while at + pattern.count <= bytes.count {
                let range = at..<at + pattern.count
                if bytes[at] == pattern[0], bytes[range].elementsEqual(pattern), free(range),
                   !word || (!isWordByte(at - 1) && !isWordByte(range.upperBound)) {
                    return range
                }
                at += 1
            }
            return nil
        }
        if let html = JSONSource.string(content["formatted_body"]) {
            var cursor = 0
            for anchor in MatrixHTML.anchors(html) {
                if let user = MatrixHTML.userID(anchor.href) {
                    if let range = find(anchor.label, from: cursor) ?? find(anchor.label) ?? find(user) {
                        marks.append(RawMark(.mention(user), range: range))
                        cursor = range.upperBound
                    }
                } else if TextEntities.isWebAddress(anchor.href), anchor.label != anchor.href,
                          let range = find(anchor.label, from: cursor) ?? find(anchor.label) {
                    marks.append(RawMark(.link(anchor.href), range: range))
                    cursor = range.upperBound
                }
            }
        }
        let mentioned = ((content["m.mentions"] as? [String: Any])?["user_ids"] as? [Any] ?? []).compactMap(JSONSource.string)
        for user in mentioned where !marks.contains(where: { $0.kind == .mention(user) }) {
            if let range = ([user] + (allNames[user] ?? [])).lazy.compactMap({ find($0, word: true) }).first {
                marks.append(RawMark(.mention(user), range: range))
            }
        }
        marks.sort { $0.range.lowerBound < $1.range.lowerBound }
        // The body is the Markdown the person typed when the HTML says it styled something:
        // the markers of those styles come out (a `*` the HTML shows as a star stays).
        var text = MarkedText(text: body, marks: marks)
        if let html = JSONSource.string(content["formatted_body"]) {
            let kinds = MatrixHTML.styleKinds(html)
            if !kinds.isEmpty { text = InlineMarkup.apply(text, .matrix(kinds)) }
        }
        return Parts(kind: msgtype == "m.emote" ? .action : .message, text: text.text, marks: text.marks, attachments: attachments,
                     isBot: msgtype == "m.notice" || msgtype == "m.server_notice")
    }

    /// The attachment's file among the export's, named as Element's exporter names it:
    /// `<folder>/<body's name>-<date and time as the exporting browser wrote them><extension>`.
    /// The date is in the browser's language and zone, so it is matched by minutes and
    /// seconds only when more than one file could be the one.
    mutating func heldPath(_ type: String, _ content: [String: Any], time: Date) -> String? {
        guard !held.isEmpty else { return nil }
        let msgtype = JSONSource.string(content["msgtype"]) ?? ""
        guard type == "m.sticker" || MatrixRoom.mediaTypes.contains(msgtype) else { return nil }
        let folder = switch msgtype {
        case "m.image": "images"
        case "m.video": "videos"
        case "m.audio": "audio"
        default: type == "m.sticker" ? "stickers" : "files"
        }
        let body = JSONSource.string(content["body"]) ?? ""
        var stem = body, ext = ""
        if let dot = body.lastIndex(of: ".") {
            stem = String(body[..<dot])
            ext = String(body[dot...])
        }
        if type == "m.sticker" { ext = ".png" }
        if content["org.matrix.msc3245.voice"] != nil || content["org.matrix.msc2516.voice"] != nil { ext = ".ogg" }
        let prefix = "\(folder)/\(stem)-"
        let candidates = (held[prefix] ?? []).filter { file in
            guard !claimed.contains(file.path), file.inside.hasSuffix(ext),
                  file.inside.count > prefix.count + ext.count else { return false }
            return file.inside.dropFirst(prefix.count).dropLast(ext.count).contains { $0.isNumber }
        }
        var chosen = candidates.count == 1 ? candidates.first : nil
        if candidates.count > 1 {
            let seconds = Int(time.timeIntervalSince1970.rounded(.down))
            let clock = "-\(Wording.twoDigits(seconds / 60 % 60))-\(Wording.twoDigits(seconds % 60))"
            chosen = candidates.first { $0.inside.dropFirst(prefix.count).dropLast(ext.count).contains(clock) }
        }
        if let chosen { claimed.insert(chosen.path) }
        return chosen?.path
    }

    /// A reply's quote of the message it answers (`> <@ana:example.org> …` lines, then a
    /// blank line), which clients without replies show instead.
    static func stripReplyFallback(_ body: String) -> String {
        guard body.hasPrefix("> <") || body.hasPrefix("> * <") else { return body }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count, lines[index].hasPrefix("> ") || lines[index] == ">" { index += 1 }
        if index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
        return lines[index...].joined(separator: "\n")
    }

    /// A poll's text: its plain-text fallback, else its question and answers.
    static func pollText(_ content: [String: Any]) -> String {
        if let text = extensibleText(content) { return text }
        guard let poll = (content["m.poll"] ?? content["org.matrix.msc3381.poll.start"]) as? [String: Any] else { return "" }
        let question = extensibleText(poll["question"] as? [String: Any] ?? [:]) ?? ""
        let answers = (poll["answers"] as? [[String: Any]] ?? []).compactMap(extensibleText)
        return ([question] + answers.enumerated().map { "\($0.offset + 1). \($0.element)" }).joined(separator: "\n")
    }

    /// Text as extensible events write it: a string, or a list of representations.
    static func extensibleText(_ object: [String: Any]) -> String? {
        for key in ["org.matrix.msc1767.text", "m.text", "body"] {
            if let text = object[key] as? String, !text.isEmpty { return text }
            if let list = object[key] as? [[String: Any]] {
                let plain = list.first { JSONSource.string($0["mimetype"]) ?? "text/plain" == "text/plain" } ?? list.first
                if let text = plain.flatMap({ JSONSource.string($0["body"]) }), !text.isEmpty { return text }
            }
        }
        return nil
    }

    /// A reaction's key: the emoji or text itself; a custom emoji (an `mxc://` image) by its shortcode.
    static func reactionEmoji(_ key: String, content: [String: Any]) -> String {
        guard key.hasPrefix("mxc://") else { return key }
        let shortcode = (JSONSource.string(content["shortcode"]) ?? JSONSource.string(content["com.beeper.reaction.shortcode"]))?
            .trimmingCharacters(in: CharacterSet(charactersIn: ":"))
        return ":\(shortcode.flatMap { $0.isEmpty ? nil : $0 } ?? "custom emoji"):"
    }

    /// What a membership change says, as Element words it; nil for changes of picture alone.
    func memberText(_ event: Event, sender: String, target: String) -> String? {
        let membership = JSONSource.string(event.content["membership"]) ?? ""
        let previous = event.prevContent.flatMap { JSONSource.string($0["membership"]) }
        let targetName = name(target)
        let reason = JSONSource.string(event.content["reason"]).flatMap { $0.isEmpty ? nil : ": \($0)" } ?? ""
        let isSelf = event.sender == target
        switch membership {
        case "join":
            let newName = JSONSource.string(event.content["displayname"]).flatMap { $0.isEmpty ? nil : $0 }
            guard previous == "join" else { return "\(newName ?? targetName) joined the room" }
            let oldName = event.prevContent.flatMap { JSONSource.string($0["displayname"]) }.flatMap { $0.isEmpty ? nil : $0 }
            switch (oldName, newName) {
            case let (old?, new?) where old != new: return "\(old) changed their name to \(new)"
            case let (nil, new?): return "\(MatrixRoom.localpart(target)) set their name to \(new)"
            case let (old?, nil): return "\(old) removed their name"
            default: return nil
            }
        case "invite":
            return "\(sender) invited \(JSONSource.string(event.content["displayname"]) ?? targetName)"
        case "leave":
            if isSelf {
                switch previous {
                case "invite": return "\(targetName) rejected the invitation"
                case "knock": return "\(targetName) withdrew their request to join"
                default: return "\(targetName) left the room"
                }
            }
            switch previous {
            case "ban": return "\(sender) unbanned \(targetName)"
            case "invite": return "\(sender) withdrew \(targetName)'s invitation"
            default: return "\(sender) removed \(targetName)\(reason)"
            }
        case "ban":
            return "\(sender) banned \(targetName)\(reason)"
        case "knock":
            return "\(targetName) asked to join"
        default:
            return nil
        }
    }
}

extension InlineMarkup.Dialect {
    /// The CommonMark Element and other clients turn into `formatted_body`, reading only
    /// the styles whose elements that HTML has.
    static func matrix(_ kinds: Set<TextStyle.Kind>) -> InlineMarkup.Dialect {
        var dialect = InlineMarkup.Dialect.mattermost
        dialect.kinds = kinds
        return dialect
    }
}

/// The little of Matrix's HTML (`formatted_body`) Confab reads: its links, with the text
/// they are on, and which styles it has. The reply quote (`<mx-reply>`) is left out: its
/// links and quote are the quoted message's.
enum MatrixHTML {
    static func withoutReply(_ html: String) -> String {
        var text = html
        while let open = text.range(of: "<mx-reply>", options: .caseInsensitive) {
            let close = text.range(of: "</mx-reply>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
            text.removeSubrange(open.lowerBound..<(close?.upperBound ?? text.endIndex))
        }
        return text
    }

    /// The styles the HTML's elements show.
    static func styleKinds(_ html: String) -> Set<TextStyle.Kind> {
        guard html.contains("<") else { return [] }
        let characters = Array(withoutReply(html))
        var kinds = Set<TextStyle.Kind>()
        var index = 0
        while index < characters.count {
            guard characters[index] == "<", let (name, _, end) = tag(characters, at: index) else { index += 1; continue }
            index = end
            switch name {
            case "strong", "b": kinds.insert(.bold)
            case "em", "i": kinds.insert(.italic)
            case "u": kinds.insert(.underline)
            case "del", "s", "strike": kinds.insert(.strike)
            case "code": kinds.insert(.code)
            case "pre": kinds.insert(.pre)
            case "blockquote": kinds.insert(.quote)
            default: break
            }
        }
        return kinds
    }

    static func anchors(_ html: String) -> [(href: String, label: String)] {
        let characters = Array(withoutReply(html))
        var anchors: [(String, String)] = []
        var index = 0
        while index < characters.count {
            guard characters[index] == "<", let (name, attributes, end) = tag(characters, at: index) else { index += 1; continue }
            index = end
            guard name == "a", let href = attributes["href"] else { continue }
            // The label: the text up to `</a>`, without tags inside it.
            var label = "", depth = 0
            while index < characters.count {
                if characters[index] == "<", let (inner, _, innerEnd) = tag(characters, at: index) {
                    index = innerEnd
                    if inner == "/a" { if depth == 0 { break } else { depth -= 1 } } else if inner == "a" { depth += 1 }
                    continue
                }
                label.append(characters[index])
                index += 1
            }
            anchors.append((decode(href).trimmingCharacters(in: .whitespaces), decode(label)))
        }
        return anchors
    }

    /// The tag at `start` (`<a href="…">`, `</a>`): its lowercased name (`/a` for an end),
    /// its attributes, and the index after its `>`; nil when `<` opens no tag.
    static func tag(_ characters: [Character], at start: Int) -> (String, [String: String], Int)? {
        var index = start + 1
        var name = ""
        if index < characters.count, characters[index] == "/" { name = "/"; index += 1 }
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "-" {
            name.append(characters[index])
            index += 1
        }
        guard name.count > (name.hasPrefix("/") ? 1 : 0) else { return nil }
        var attributes: [String: String] = [:]
        while index < characters.count {
            let character = characters[index]
            if character == ">" { return (name.lowercased(), attributes, index + 1) }
            if character.isWhitespace || character == "/" { index += 1; continue }
            var key = ""
            while index < characters.count, !characters[index].isWhitespace, !"=>/".contains(characters[index]) {
                key.append(characters[index])
                index += 1
            }
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            guard index < characters.count, characters[index] == "=" else {
                if !key.isEmpty { attributes[key.lowercased()] = "" }
                continue
            }
            index += 1
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            var value = ""
            if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
                let quote = characters[index]
                index += 1
                while index < characters.count, characters[index] != quote { value.append(characters[index]); index += 1 }
                index += 1
            } else {
                while index < characters.count, !characters[index].isWhitespace, characters[index] != ">" { value.append(characters[index]); index += 1 }
            }
            if !key.isEmpty, attributes[key.lowercased()] == nil { attributes[key.lowercased()] = value }
        }
        return nil
    }

    /// `&amp;`, `&lt;`, `&#39;`, `&#x1F600;` and the like as their characters.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}"]
        var result = "", rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest.index(after: amp)
            guard let semicolon = rest[after...].prefix(10).firstIndex(of: ";") else {
                result.append("&")
                rest = rest[after...]
                continue
            }
            let entity = rest[after..<semicolon]
            var decoded: String?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if entity.hasPrefix("#") {
                decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = named[entity.lowercased()]
            }
            if let decoded {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = rest[after...]
            }
        }
        return result + rest
    }

    /// The person a link names: `https://matrix.to/#/@ana:example.org` (or a client's own
    /// permalink, `…/#/user/@ana:example.org`), or `matrix:u/ana:example.org`.
    static func userID(_ href: String) -> String? {
        var candidate: String
        if href.lowercased().hasPrefix("matrix:") {
            let path = href.dropFirst("matrix:".count).prefix { $0 != "?" && $0 != "#" }
            guard path.hasPrefix("u/") else { return nil }
            candidate = "@" + (String(path.dropFirst(2)).removingPercentEncoding ?? String(path.dropFirst(2)))
        } else {
            guard TextEntities.isWebAddress(href), let hash = href.firstIndex(of: "#") else { return nil }
            var fragment = String(href[href.index(after: hash)...].prefix { $0 != "?" })
            fragment = fragment.removingPercentEncoding ?? fragment
            if fragment.hasPrefix("/") { fragment.removeFirst() }
            if fragment.hasPrefix("user/") { fragment.removeFirst(5) }
            candidate = fragment
        }
        guard candidate.hasPrefix("@"), candidate.count > 3, candidate.contains(":"),
              !candidate.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        return candidate
    }
}
