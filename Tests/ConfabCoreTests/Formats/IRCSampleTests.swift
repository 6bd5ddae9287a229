import Foundation
import Testing
@testable import ConfabCore

/// The real IRC logs in `../shared/samples/formats/irc/` (not copied into the repository),
/// read and normalized; the counts were taken from the files with grep. Skipped where
/// the samples are not beside the repository. Then the line layouts one by one.
@Suite struct IRCSampleTests {
    static let folder = Repository.formatSamples.appendingPathComponent("irc")
    static let irssi = "irc_irssi_teeworlds-quakenet-2015-02-14.log"
    static let znc = "irc_znc_switchdev-efnet-2020-10-04.log"
    static var present: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(irssi).path) }

    struct Reading {
        var conversation: RawConversation?
        var readDiagnostics: [Diagnostic]
        var archive: Archive
    }

    static func read(_ name: String, timeZone: String = "UTC") throws -> Reading {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let source = Source(SourceFile(path: "content/\(name)", text: text))
        #expect(IRCReader.confidence(source) == 85)
        var config = SiteConfig()
        config.timeZone = timeZone
        let (chats, diagnostics) = FormatRegistry.read(source, settings: ReadSettings(config))
        let conversations = chats.compactMap { chat -> RawConversation? in
            if case .conversation(let conversation) = chat { conversation } else { nil }
        }
        #expect(conversations.count == 1)
        let built = Normalizer.sessions(chats, config: config)
        let (archive, _) = Normalizer.archive([built], config: config)
        return Reading(conversation: conversations.first, readDiagnostics: diagnostics, archive: archive)
    }

    static func utc(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    /// 732 lines: 719 messages (`HH:MM <@nick>`, `HH:MM < nick>`) by 12 nicks and 13 actions
    /// (`HH:MM  * nick`), no joins or quits (the publisher removed them); dated by the file name.
    @Test(.enabled(if: present)) func irssiSample() throws {
        let reading = try Self.read(Self.irssi)
        #expect(reading.readDiagnostics.isEmpty)
        let conversation = try #require(reading.conversation)
        let events = conversation.events
        #expect(events.count == 732)
        #expect(events.filter { $0.kind == .message }.count == 719)
        #expect(events.filter { $0.kind == .action }.count == 13)
        #expect(events.filter { $0.kind == .system }.isEmpty)
        #expect(Set(events.compactMap(\.author)).count == 12)
        #expect(conversation.note?.layout == "irssi" && conversation.note?.dates == .fileName(Self.irssi))
        #expect(conversation.channel.name == "irc_irssi_teeworlds-quakenet")
        let first = try #require(events.first)
        #expect(first.author == .name("CuBe_") && first.authorName == "CuBe_")
        #expect(first.text == "I want to host multiple websites, also for people who pay for it, so not online mine")
        #expect(first.time == Self.utc("2015-02-14T00:05:00Z"))
        #expect(events.last?.time == Self.utc("2015-02-14T19:52:00Z"))
        #expect(events.first { $0.kind == .action }?.text == "slaps minus with a rather large ballon hammer")
        #expect(events.contains { $0.authorName == "matricks" && $0.text == "minus: y0 dude" })
        #expect(reading.archive.sessions.count == 1)
        #expect(reading.archive.messageCount == 732)
        #expect(reading.archive.participants.count == 12)
    }

    /// The same log with `timezone: Europe/Berlin`: the times move an hour earlier in UTC,
    /// and the first five (00:05–00:22 Berlin) are still on the file's date there.
    @Test(.enabled(if: present)) func irssiSampleInBerlin() throws {
        let reading = try Self.read(Self.irssi, timeZone: "Europe/Berlin")
        let events = try #require(reading.conversation?.events)
        #expect(events.first?.time == Self.utc("2015-02-13T23:05:00Z"))
        #expect(events.last?.time == Self.utc("2015-02-14T18:52:00Z"))
        #expect(reading.archive.sessions.map(\.date) == [LocalDate(year: 2015, month: 2, day: 14)])
    }

    /// 216 lines: 49 messages by 5 nicks, no actions, 167 events: 76 joins, 1 part, 78 quits,
    /// 3 modes set by the server and 9 nick changes; colour codes in the bots' lines.
    @Test(.enabled(if: present)) func zncSample() throws {
        let reading = try Self.read(Self.znc)
        #expect(reading.readDiagnostics.isEmpty)
        let conversation = try #require(reading.conversation)
        let events = conversation.events
        #expect(events.count == 216)
        #expect(events.filter { $0.kind == .message }.count == 49)
        #expect(events.filter { $0.kind == .action }.isEmpty)
        let system = events.filter { $0.kind == .system }
        #expect(system.count == 167)
        #expect(system.filter { $0.text.hasSuffix(" joined") }.count == 76)
        #expect(system.filter { $0.text.contains(" left") }.count == 1)
        #expect(system.filter { $0.text.contains(" quit") }.count == 78)
        #expect(system.filter { $0.text == "Server set mode +stn" }.count == 3)
        #expect(system.filter { $0.text.contains(" is now known as ") }.count == 9)
        #expect(conversation.note?.layout == "ZNC" && conversation.note?.dates == .fileName(Self.znc))
        #expect(events.first?.text == "PR-#497: Fix event handle retrieval in spl, building targets: lib")
        #expect(events.first?.time == Self.utc("2020-10-04T00:19:21Z"))
        #expect(events.last?.time == Self.utc("2020-10-04T23:47:01Z"))
        #expect(!events.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 } })
        // CCFL_Man quits, comes back as CCFL_Man_ and takes the nick back: one person.
        let ccfl = events.filter { $0.authorName?.hasPrefix("CCFL_Man") == true }
        #expect(ccfl.allSatisfy { $0.author == .name("CCFL_Man") })
        #expect(ccfl.contains { $0.authorName == "CCFL_Man_" })
        #expect(reading.archive.sessions.count == 1)
        #expect(reading.archive.participants.count == 5)
    }

    /// In Berlin (UTC+2 in October) the first lines are on the day before in UTC.
    @Test(.enabled(if: present)) func zncSampleInBerlin() throws {
        let reading = try Self.read(Self.znc, timeZone: "Europe/Berlin")
        let events = try #require(reading.conversation?.events)
        #expect(events.first?.time == Self.utc("2020-10-03T22:19:21Z"))
        #expect(events.last?.time == Self.utc("2020-10-04T21:47:01Z"))
    }

    // MARK: - Layouts

    static func parsed(_ line: String, _ layout: IRCReader.Layout) -> IRCReader.Parsed? { IRCReader.parse(Substring(line), layout) }

    /// Who wrote what, for messages and actions; the sentence, for events.
    static func summary(_ line: String, _ layout: IRCReader.Layout) -> String? {
        guard let parsed = parsed(line, layout) else { return nil }
        switch parsed.body {
        case .message(let nick, let text): return "msg \(nick): \(text)"
        case .action(let nick, let text): return "act \(nick) \(text)"
        case .system(let system): return "sys \(system.nick): \(IRCReader.text(system))"
        case .header(let date, _): return "hdr \(date)"
        case .ignored: return "ignored"
        }
    }

    @Test(arguments: [
        ("12:00 <@nick> hi", IRCReader.Layout.irssi, "msg nick: hi"),
        ("12:00:59 < nick> hi", .irssi, "msg nick: hi"),
        ("12:00 <~nick> ", .irssi, "msg nick: "),
        ("12:00 <&nick> a > b", .irssi, "msg nick: a > b"),
        ("12:00  * nick waves", .irssi, "act nick waves"),
        ("12:00 -!- nick [~u@host] has joined #chan", .irssi, "sys nick: nick joined #chan"),
        ("12:00 -!- nick [~u@host] has left #chan [bye]", .irssi, "sys nick: nick left #chan (bye)"),
        ("12:00 -!- nick [~u@host] has quit [Quit: x]", .irssi, "sys nick: nick quit (Quit: x)"),
        ("12:00 -!- a is now known as b", .irssi, "sys a: a is now known as b"),
        ("12:00 -!- mode/#chan [+o x] by y", .irssi, "sys y: y set mode +o x"),
        ("12:00 -!- y changed the topic of #chan to: new topic", .irssi, "sys y: y changed the topic to: new topic"),
        ("--- Log opened Sat Feb 14 00:00:00 2015", .irssi, "hdr 2015-02-14"),
        ("--- Day changed Sun Feb 15 2015", .irssi, "hdr 2015-02-15"),
        ("--- Log closed Sun Feb 15 10:00:00 2015", .irssi, "ignored"),
        ("2021-03-14 10:00:00\t@nick\thi", .weechat, "msg nick: hi"),
        ("2025-11-02T23:00:01.123456Z\tnick\thi", .weechat, "msg nick: hi"),
        ("2025-11-02 23:00:01.5Z\t+nick\thi", .weechat, "msg nick: hi"),
        ("2021-03-14 10:00:00\t *\tnick waves", .weechat, "act nick waves"),
        ("2021-03-14 10:00:00\t-->\tnick (~u@h) has joined #chan", .weechat, "sys nick: nick joined #chan"),
        ("2021-03-14 10:00:00\t<--\tnick (~u@h) has quit (bye)", .weechat, "sys nick: nick quit (bye)"),
        ("2021-03-14 10:00:00\t--\tbob has changed topic for #c to \"x y\"", .weechat, "sys bob: bob changed the topic to: x y"),
        ("[10:00:00] <nick> hi", .znc, "msg nick: hi"),
        ("[10:00:00] * nick waves", .znc, "act nick waves"),
        ("[10:00:00] *** Joins: nick (ident@host)", .znc, "sys nick: nick joined"),
        ("[10:00:00] *** Parts: nick (ident@host) (reason)", .znc, "sys nick: nick left (reason)"),
        ("[10:00:00] *** Quits: nick (ident@host) (Ping timeout)", .znc, "sys nick: nick quit (Ping timeout)"),
        ("[10:00:00] *** Quits nick (Ping timeout: 272 seconds)", .znc, "sys nick: nick quit (Ping timeout: 272 seconds)"),
        ("[10:00:00] *** Parts [-TMN-] ()", .znc, "sys [-TMN-]: [-TMN-] left"),
        ("[10:00:00] *** nick sets mode: +o x", .znc, "sys nick: nick set mode +o x"),
        ("[10:00:00] *** nick changes topic to 'x'", .znc, "sys nick: nick changed the topic to: x"),
        ("[10:00:00] *** x was kicked by y (reason)", .znc, "sys x: x was kicked by y (reason)"),
        ("2019-10-08T09:41:39  <nick> hi", .limnoria, "msg nick: hi"),
        ("2019-10-08 09:41:39  <nick> hi", .limnoria, "msg nick: hi"),
        ("2019-10-08T09:41:39  *** nick <ident@host> has joined #chan", .limnoria, "sys nick: nick joined #chan"),
        ("2019-10-08T09:41:39  *** nick <ident@host> has quit IRC (Quit: x)", .limnoria, "sys nick: nick quit (Quit: x)"),
        ("2019-10-08T09:41:39  -nick- a notice", .limnoria, "msg nick: a notice"),
        ("**** BEGIN LOGGING AT Tue Mar  3 10:28:41 2015", .hexchat, "hdr 2015-03-03"),
        ("Mar 03 10:28:41 <nick>\thi", .hexchat, "msg nick: hi"),
        ("Mar 03 10:28:41 *\tnick has joined (~u@host)", .hexchat, "sys nick: nick joined"),
        ("Mar 03 10:28:41 *\tnick has quit (reason)", .hexchat, "sys nick: nick quit (reason)"),
        ("Mar 03 10:28:41 *\tnick sets mode +o x", .hexchat, "sys nick: nick set mode +o x"),
        ("Mar 03 10:28:41 *\tnick waves", .hexchat, "act nick waves"),
        ("Mar 03 10:28:41 *\tbob gives channel operator status to ann", .hexchat, "sys bob: bob gives channel operator status to ann"),
        ("Mar 03 10:28:41 *\tTopic for #c is: hello", .hexchat, "ignored"),
        ("Mar 03 10:28:41 *\tnick (~u@h) has left #c (bye)", .hexchat, "sys nick: nick left #c (bye)"),
        ("Mar 03 10:28:41 *\ty has kicked x from #c (go)", .hexchat, "sys x: x was kicked by y (go)"),
        ("12:00 -!- y changed the topic of #chan to:", .irssi, "sys y: y cleared the topic"),
        ("<nick>\thi", .xchat, "msg nick: hi"),
        ("-nick-\tnotice -\there", .xchat, "msg nick: notice -\there"),
        ("[10:00] <nick> hi", .znc, "msg nick: hi"),
        ("[10:00]  * nick waves", .znc, "act nick waves"),
        ("[10:00] -!- nick [u@h] has joined #c", .znc, "sys nick: nick joined #c"),
        ("[08-Oct-2019 09:41:39]  <nick> hi", .limnoria, "msg nick: hi"),
        ("2021-03-14 10:00:00\t--\tNotice(ChanServ) -> #c: welcome", .weechat, "msg ChanServ: welcome"),
        ("2021-03-14 10:00:00\t--\tNotice(ChanServ): hi", .weechat, "msg ChanServ: hi"),
        ("<--\tnick has quit (bye)", .xchat, "sys nick: nick quit (bye)"),
    ])
    func lineLayouts(_ line: String, _ layout: IRCReader.Layout, _ expected: String) {
        #expect(Self.summary(line, layout) == expected)
    }

    /// Lines real clients and bots wrote, from other tools' tests and sources.
    @Test(arguments: [
        // mgedmin/irclog2html src/irclog2html/tests/test_irclog2html.py.
        ("14:18 <mg> apples > oranges", IRCReader.Layout.irssi, "msg mg: apples > oranges"),
        ("[14:18] <mg> Hello!", .znc, "msg mg: Hello!"),
        ("[14:18:55] <mg> Hello!", .znc, "msg mg: Hello!"),
        ("[02-Feb-2004 14:18:55] <mg> Hello!", .limnoria, "msg mg: Hello!"),
        // ZNC modules/log.cpp (find_string "*** Joins: "), and what sopel's chanlogs and bouncers copy of it.
        ("[03:56:24] *** Joins: VaticanCameos (~pls@182.68.205.231)", .znc, "sys VaticanCameos: VaticanCameos joined"),
        ("[04:42:19] *** Quits: mefistofeles (~crush@unaffiliated/mefistofeles) (Quit: Hay the guachu!)", .znc, "sys mefistofeles: mefistofeles quit (Quit: Hay the guachu!)"),
        ("[10:00:00] *** ann is now known as ann_away", .znc, "sys ann: ann is now known as ann_away"),
        ("[10:00:00] -ChanServ- welcome", .znc, "msg ChanServ: welcome"),
        ("[13:33] *** Joins: white (whitehoodhacker@sigpwny) ", .znc, "sys white: white joined"),
        // irssi's default themes (fe-common/core/module-formats.c).
        ("12:00 -!- ann was kicked from #c by bob [reason]", .irssi, "sys ann: ann was kicked by bob (reason)"),
        // A server is no person: its modes are left out.
        ("12:00 -!- ServerMode/#c [+nt] by irc.example.net", .irssi, "ignored"),
        ("12:00 -!- Irssi: Join to #c was synced in 1 secs", .irssi, "ignored"),
        ("12:00 -!- Topic for #c: hello", .irssi, "ignored"),
        // WeeChat's irc plugin messages as its logger writes them.
        ("2021-03-14 10:00:00\t--\tann is now known as ann_away", .weechat, "sys ann: ann is now known as ann_away"),
        ("2021-03-14 10:00:00\t<--\tann (~u@h) has left #c (bye)", .weechat, "sys ann: ann left #c (bye)"),
        ("2021-03-14 10:00:00\t<--\tbob has kicked ann (go away)", .weechat, "sys ann: ann was kicked by bob (go away)"),
        ("2021-03-14 10:00:00\t--\tMode #c [+o ann] by bob", .weechat, "sys bob: bob set mode +o ann"),
        // mIRC's logs: `[HH:MM] * Joins: nick (ident@host)` under `Session Start:` headers.
        ("[10:00] * Joins: ann (~a@host)", .znc, "sys ann: ann joined"),
        ("[10:00] * Parts: ann (~a@host)", .znc, "sys ann: ann left"),
        ("[10:00] * Quits: ann (~a@host) (Quit: bye)", .znc, "sys ann: ann quit (Quit: bye)"),
        ("[10:00] * ann is now known as ann_away", .znc, "sys ann: ann is now known as ann_away"),
        ("[10:00] * ann waves", .znc, "act ann waves"),
        ("Session Start: Sat Feb 14 00:00:00 2015", .znc, "hdr 2015-02-14"),
        ("Session Close: Sat Feb 14 23:59:59 2015", .znc, "ignored"),
        ("Session Ident: #chan", .znc, "ignored"),
        ("Session Time: Sun Feb 15 00:00:00 2015", .znc, "hdr 2015-02-15"),
        ("[10:00] * ann waves: Joins: nothing", .znc, "act ann waves: Joins: nothing"),
    ])

    func realLines(_ line: String, _ layout: IRCReader.Layout, _ expected: String) {
        #expect(Self.summary(line, layout) == expected)
    }

    /// A mIRC log reads whole: its session header dates the lines under it.
    @Test func mircLog() throws {
        let text = "Session Start: Sat Feb 14 22:00:00 2015\nSession Ident: #chan\n[22:00] * Now talking in #chan\n[22:01] * Joins: ann (~a@host)\n[22:02] <ann> hi\n[22:03] * ann waves\nSession Time: Sun Feb 15 00:00:00 2015\n[00:01] <bob> late\nSession Close: Sun Feb 15 00:05:00 2015\n"
        let source = Source(SourceFile(path: "content/chan.log", text: text))
        #expect(IRCReader.confidence(source) > 0)
        let (chats, _) = IRCReader.read(source)
        guard case .conversation(let chat)? = chats.first else { Issue.record("no conversation"); return }
        #expect(chat.events.count == 4)
        #expect(chat.events.map(\.kind) == [.system, .message, .action, .message])
        #expect(chat.events.last?.time == ISO8601DateFormatter().date(from: "2015-02-15T00:01:00Z"))
        #expect(chat.events.first?.time == ISO8601DateFormatter().date(from: "2015-02-14T22:01:00Z"))
    }

    /// Lines that look alike but belong to other formats.
    @Test(arguments: [
        "[12:00:01.1234] <nick>", "12:00 <nick", "[10:00 AM] <nick> hi", "10:00:05\t From Ann : hi",
        "12/31/21, 9:05 PM - Name: text", "[14-Feb-15 10:00 AM] user#1234", "2019-10-08T09:41:39 <nick> one space",
    ])
    func notIRC(_ line: String) {
        for layout in IRCReader.Layout.allCases {
            if case .header = Self.parsed(line, layout)?.body { continue }
            #expect(Self.parsed(line, layout) == nil, "\(line) read as \(layout)")
        }
    }

    /// Other formats' files and transcripts are never claimed.
    @Test func otherFormatsAreNotIRC() throws {
        // The repository's tests (fixtures, adversarial and fuzz inputs) and its example content.
        var checked = 0
        for top in ["Tests", "content"] {
            let folder = Repository.root.appendingPathComponent(top)
            let enumerator = FileManager.default.enumerator(atPath: folder.path)
            while let path = enumerator?.nextObject() as? String {
                // IRC logs of the adversarial corpus and the fuzz seeds are IRC.
                let isIRC = path.contains("formats/irc") || path.hasPrefix("Fuzz/corpus/irc-") || path.hasSuffix(".log") && path.hasPrefix("Adversarial/content/evil-irc")
                    || path == "Adversarial/content/utf16-2024-01-07.log"
                guard !isIRC, !path.hasSuffix("expected.txt"), !path.hasSuffix("site.yaml"), !path.hasSuffix(".swift"),
                      let text = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) else { continue }
                #expect(IRCReader.confidence(Source(SourceFile(path: "content/\(path)", text: text))) == 0, "\(top)/\(path)")
                checked += 1
            }
        }
        #expect(checked > 10)
        let others = [
            "12/31/21, 9:05 PM - Ann: hi\n12/31/21, 9:06 PM - Bob: hello\n12/31/21, 9:07 PM - Ann: bye\n",
            "10:00:05\t From Ann : hi\n10:00:09\t From Bob to Everyone : hello\n10:01:00\t From Ann : bye\n",
            "[14-Feb-15 10:00 AM] user#1234\nhello\n\n[14-Feb-15 10:01 AM] other#0001\nhi\n",
            "2021-01-01\n\n[12:00:01.1234] <nick>\nhello\n\n[12:00:05.0001] <other>\nhi there\n\n2021-01-02\n",
        ]
        for text in others { #expect(IRCReader.confidence(Source(SourceFile(path: "content/x.txt", text: text))) == 0, "\(text)") }
        let matrix = Self.folder.appendingPathComponent("../matrix/matrixlog_tc39-delegates-2021-01.txt")
        if let text = try? String(contentsOf: matrix, encoding: .utf8) {
            #expect(IRCReader.confidence(Source(SourceFile(path: "content/m.txt", text: text))) == 0)
        }
    }

    /// Every layout forced on the repository's adversarial and fuzz inputs, and on cut-up
    /// IRC lines: nothing traps, and what is read has a line.
    @Test func hostileInputReads() {
        var texts: [String] = []
        for top in ["Tests/Adversarial", "Tests/Fuzz"] {
            let folder = Repository.root.appendingPathComponent(top)
            let enumerator = FileManager.default.enumerator(atPath: folder.path)
            while let path = enumerator?.nextObject() as? String {
                if let text = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) { texts.append(text) }
            }
        }
        let lines = ["12:00 <@a> hi", "[10:00:00] *** Quits: x (", "2021-03-14 10:00:00\t--\tNotice(", "--- Log opened Sat Feb 99 00:00:00 2015",
                     "Mar 03 10:28:41 -a-\t", "**** BEGIN LOGGING AT Tue Foo  3 10:28:41 2015", "12:00 -!- mode/#c [", "12:00 -!- a was kicked from #c by",
                     "2019-10-08T09:41:39  *** a <", "12:00 -", "12:00 --", "-a-\t", "[08-Oct-2019 09:41:3]  <a> x", "12:00 <a>\u{3}99,99\u{4}ff"]
        for cut in 0..<40 { texts.append(lines.map { String($0.prefix(cut)) }.joined(separator: "\n")) }
        for text in texts {
            for layout in IRCReader.Layout.allCases {
                let (conversation, _) = IRCReader.read(SourceFile(path: "content/x.log", text: text), layout: layout, settings: ReadSettings())
                #expect(conversation?.events.allSatisfy { $0.location.line != nil } ?? true)
            }
        }
    }

    /// Hostile input: a 3 MB line is cut to 1 MB with a warning, and the log still builds.
    @Test func longLineIsCut() {
        let text = "12:00 <a> hi\n12:01 <b> " + String(repeating: "x", count: 3 << 20) + "\n12:02 <a> bye\n"
        let (chats, diagnostics) = IRCReader.read(Source(SourceFile(path: "content/chan-2020-01-01.log", text: text)))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("not read"); return }
        #expect(conversation.events.count == 3)
        #expect(conversation.events[1].text.utf8.count == IRCReader.maxBody)
        #expect(diagnostics.count == 1)
    }

    @Test(arguments: [
        ("content/irc.libera.#weechat.weechatlog", "#weechat"), ("content/logs/user_net_#chan_20160810.log", "#chan"),
        ("content/teeworlds/2015-02-14.log", "teeworlds"), ("content/switchdev/2020/10/04.log", "switchdev"),
        ("content/2016-08-10.log", "2016-08-10"), ("content/libera-#hexchat.log", "#hexchat"),
    ])
    func channelFromPath(_ path: String, _ name: String) {
        #expect(TextLog.channelName(fromPath: path) == name)
    }

    /// A long chain of nick changes: every nick is the first one's person.
    @Test func nickChain() {
        var lines = ["12:00 <n0> start"]
        for i in 0..<2000 { lines.append("12:01 -!- n\(i) is now known as n\(i + 1)") }
        lines.append("12:02 <n2000> end")
        let (chats, _) = IRCReader.read(Source(SourceFile(path: "content/c-2020-01-01.log", text: lines.joined(separator: "\n"))))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("not read"); return }
        #expect(conversation.events.allSatisfy { $0.author == .name("n0") })
        #expect(conversation.events.last?.authorName == "n2000")
    }

    /// A page that is mostly log, read directly (not through the registry's code-block retry): its prose is not warned about.
    @Test func markdownMostlyLog() {
        let text = "# Log\n\n```\n12:00 <a> one\n12:01 <b> two\n12:02 <a> three\n12:03 <b> four\n12:04 <a> five\n```\n"
        let source = Source(SourceFile(path: "content/log-2020-01-01.md", text: text))
        #expect(IRCReader.confidence(source) == 60)
        let (chats, diagnostics) = IRCReader.read(source)
        guard case .conversation(let conversation)? = chats.first else { Issue.record("not read"); return }
        #expect(conversation.events.map(\.location.line) == [4, 5, 6, 7, 8])
        #expect(diagnostics.isEmpty)
    }

    /// No date anywhere: 1970-01-01, and the warning says where dates were looked for.
    @Test func noDate() {
        let (chats, diagnostics) = IRCReader.read(Source(SourceFile(path: "content/chan.log", text: "12:00 <a> hi\n12:01 <b> yo\n")))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("not read"); return }
        #expect(conversation.note?.dates == DateSource.none)
        #expect(conversation.events.first?.time == Date(timeIntervalSince1970: 12 * 3600))
        #expect(diagnostics.map(\.message) == ["no date in content/chan.log: not on its lines, in a header, its name or folder, nor in 'dates' of site.yaml; its messages are kept in order as one session"])
    }
}
