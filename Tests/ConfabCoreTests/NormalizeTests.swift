import Foundation
import Testing
@testable import ConfabCore

@Suite struct NormalizeTests {
    @Test(arguments: ["Mar 5 @ 6:31 PM", "Mar 5 @ 6:31 PM EST", "  Mar  5 @ 6:31 PM ", "", " ", "a", "x \u{301}y z"])
    func wordsAreCountedAsSplitCountsThem(text: String) {
        #expect(SessionBuilder.wordCount(text) == text.split(separator: " ").count)
    }

    @Test func replyNamesCountAsMentionsForTheLimit() {
        let names = (0..<60).map { "@u\($0)" }.joined(separator: ", ")
        let text = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n  • a Jan 1 @ 6:01 PM UTC\n    hello\n    In reply to \(names)\n"
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: text)])
        #expect(archive.sessions[0].messages[0].replyTo.count == 50)
        #expect(archive.mentionedOnly.count == 50)
        #expect(diagnostics.map(\.description) == ["content/x.txt:6: warning: 10 hashtags and mentions beyond the first 50 of each left as plain text"])
    }

    @Test func aTitleTagWithACombiningAccentIsTheSameTagInMessages() {
        let text = "#cafe\u{301}chat Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n  • a Jan 1 @ 6:01 PM UTC\n    hello #cafe\u{301}chat\n"
        let (archive, _) = archive([SourceFile(path: "content/x.txt", text: text)])
        let tag = archive.sessions[0].messages[0].entities.first { $0.kind == .hashtag }?.value
        #expect(tag == "caféchat" && archive.sessions[0].series == "caféchat")
        #expect(SiteMap(archive).tags.isEmpty, "the message's tag is the series, not a tag page of its own")
    }

    @Test func aMessageLinksAtMostFiftyHashtagsAndMentionsOfEachKind() {
        let spam = (0..<70).map { "#t\($0) @u\($0)" }.joined(separator: " ")
        let text = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n  • a Jan 1 @ 6:01 PM UTC\n    \(spam)\n"
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: text)])
        let entities = archive.sessions[0].messages[0].entities
        #expect(entities.filter { $0.kind == .hashtag }.count == 50 && entities.filter { $0.kind == .mention }.count == 50)
        #expect(diagnostics.map(\.description) == ["content/x.txt:6: warning: 40 hashtags and mentions beyond the first 50 of each left as plain text"])
        // The text is all there; only the links stop.
        #expect(archive.sessions[0].messages[0].text == spam)
    }

    func sampleSession(_ name: String) throws -> Session {
        let (archive, diagnostics) = archive([try Repository.content(name)])
        #expect(diagnostics.isEmpty)
        return try #require(archive.sessions.first)
    }

    @Test func participateSessionHasInstantsInUTC() throws {
        let session = try sampleSession(Repository.participateSample)
        #expect(session.series == "badgechat")
        #expect(session.hashtag == "#badgechat")
        #expect(session.date == LocalDate(year: 2018, month: 3, day: 5))
        #expect(TimeText.isoText(session.startInstant) == "2018-03-05T23:30:00Z")
        let first = session.messages[0]
        #expect(first.id == "m1")
        #expect(first.time == LocalTime(minutes: 18 * 60 + 30, zone: "EST"))
        #expect(first.timeIsWritten)
        #expect(TimeText.isoText(session.messages.last!.instant) == "2018-03-06T00:11:00Z")
        #expect(session.messages.map(\.id) == (1...session.messages.count).map { "m\($0)" })
    }

    @Test func quoteOfAMessageInTheTranscriptLinksToIt() throws {
        let session = try sampleSession(Repository.participateSample)
        let quoting = try #require(session.messages.first { $0.text.hasPrefix("This is HUGE!") })
        let quoted = try #require(session.messages.first { $0.text.hasPrefix("A1: Walk through the workflow") })
        #expect(quoting.quotedIDs == [quoted.id])
        // Linked, not duplicated.
        #expect(session.messages.filter { $0.text == quoted.text }.count == 1)
    }

    @Test func quoteOfAMissingMessageRecoversItInTimeOrder() throws {
        let session = try sampleSession(Repository.participateSample)
        let recovered = session.messages.filter(\.knownOnlyFromQuote)
        #expect(recovered.count == 1)
        let message = try #require(recovered.first)
        #expect(message.author == "ebarnes73")
        #expect(message.time.clockText == "6:50 PM")
        #expect(message.text.hasPrefix("I hate rubrics"))
        #expect(message.replyTo == ["SenorG"])
        let position = session.messages.firstIndex(of: message)!
        #expect(session.messages[position - 1].instant <= message.instant)
        #expect(session.messages[position + 1].instant > message.instant)
        #expect(session.messages.last?.quotedIDs == [message.id])
        #expect(session.messages.count == 63)
    }

    @Test func replyLinksToTheLatestEarlierMessageOfThePersonNamed() throws {
        let session = try sampleSession(Repository.participateSample)
        let reply = try #require(session.messages.first { $0.text.hasPrefix("Such a helpful reminder!") })
        let answered = try #require(session.messages[..<session.messages.firstIndex(of: reply)!]
            .last { $0.author == "Kyle_Clements1" })
        #expect(reply.inReplyToID == answered.id)
        #expect(answered.text.hasPrefix("A2: Nobody else"))
    }

    @Test func questionsAndAnswersOfTheParticipateSample() throws {
        let session = try sampleSession(Repository.participateSample)
        #expect(session.questions.map(\.number) == [1, 2, 3, 4])
        #expect(session.questions[0].text.hasPrefix("What’s a lesson you or your organization"))
        #expect(!session.questions[0].text.hasSuffix("#badgechat"))
        #expect(session.questions.map(\.answerIDs.count) == [6, 6, 7, 2])
        // maeward2311 answered Q3 under the label "Q3:".
        let mae = try #require(session.messages.first { $0.author == "maeward2311" && $0.text.hasPrefix("Q3:") })
        #expect(session.questions[2].answerIDs.contains(mae.id))
    }

    @Test func plainSessionKeepsOrderWithTheStartTimeAndMergesReposts() throws {
        let session = try sampleSession(Repository.plainSample)
        #expect(session.series == "badgechatk12")
        #expect(TimeText.isoText(session.startInstant) == "2016-10-03T22:30:00Z")
        // 95 lines, 6 of them reposts of earlier lines.
        #expect(session.messages.count == 89)
        #expect(session.messages.reduce(0) { $0 + $1.repostLines.count } == 6)
        #expect(session.messages.allSatisfy { !$0.timeIsWritten && $0.instant == session.startInstant && $0.author == nil })
        #expect(session.messages.map(\.line) == session.messages.map(\.line).sorted())
        #expect(session.authors.isEmpty)
        let q2 = session.messages.filter { $0.text.hasPrefix("Q2: How might we evaluate") }
        #expect(q2.count == 1)
        let q2Lines = Repository.lines(startingWith: "Q2: How might", in: try Repository.content(Repository.plainSample))
        #expect(q2Lines.count == 2)
        #expect(q2.first?.line == q2Lines.first)
        #expect(q2.first?.repostLines == Array(q2Lines.dropFirst()))
        // Q1 is not in this transcript, but its answers are.
        #expect(session.questions.map(\.number) == [1, 2, 3, 4])
        #expect(session.questions[0].messageID == nil)
        #expect(session.questions[0].text == "")
        #expect(session.questions.map(\.answerIDs.count) == [9, 8, 6, 6])
        #expect(session.questions[1].text == "How might we evaluate outside Badges for schools? Which Badges do we accept?")
    }

    @Test func participantsMergeCaseInsensitivelyWithTheMostFrequentSpelling() throws {
        let text = """
        #demo Archive

        Monday January 1, 2024
        11:50 PM UTC

          • MrPowley Jan 1 @ 11:50 PM UTC
            Hello
          • mrpowley Jan 1 @ 11:55 PM UTC
            Again
          • MrPowley Jan 2 @ 12:05 AM UTC
            After midnight
        """
        let (archive, diagnostics) = archive([SourceFile(path: "content/demo.txt", text: text)])
        #expect(diagnostics.isEmpty)
        #expect(archive.participants == [Participant(key: "mrpowley", handle: "MrPowley", messageCount: 3, sessionCount: 1)])
        // Crossing midnight advances the date.
        #expect(TimeText.isoText(archive.sessions[0].messages[2].instant) == "2024-01-02T00:05:00Z")
    }

    @Test(arguments: [
        ("6:30 PM EST", "2018-03-05T23:30:00Z"), ("6:30 PM EDT", "2018-03-05T22:30:00Z"),
        ("12:05 AM PST", "2018-03-05T08:05:00Z"), ("12:00 PM UTC", "2018-03-05T12:00:00Z"),
        ("9:00 AM AEDT", "2018-03-04T22:00:00Z"), ("5:30 PM IST", "2018-03-05T12:00:00Z"),
        ("1:00 AM HST", "2018-03-05T11:00:00Z"), ("8:00 PM CEST", "2018-03-05T18:00:00Z"),
    ])
    func zonesMapToOffsets(time: String, iso: String) throws {
        let local = try #require(TimeText.time(time))
        #expect(TimeText.isoText(TimeText.instant(LocalDate(year: 2018, month: 3, day: 5), local)) == iso)
    }

    @Test(arguments: [
        ("UTC", "UTC"), ("GMT", "UTC"), ("EST", "UTC−5"), ("EDT", "UTC−4"), ("CST", "UTC−6"), ("CDT", "UTC−5"),
        ("MST", "UTC−7"), ("MDT", "UTC−6"), ("PST", "UTC−8"), ("PDT", "UTC−7"), ("AKST", "UTC−9"), ("AKDT", "UTC−8"),
        ("HST", "UTC−10"), ("BST", "UTC+1"), ("CET", "UTC+1"), ("CEST", "UTC+2"), ("IST", "UTC+5:30"),
        ("AEST", "UTC+10"), ("AEDT", "UTC+11"),
    ])
    func everyKnownZone(zone: String, offset: String) throws {
        #expect(TimeText.offsetText(zone) == offset)
        let noon = try #require(TimeText.time("12:00 PM \(zone)"))
        let instant = TimeText.instant(LocalDate(year: 2020, month: 6, day: 1), noon)
        #expect(Int(instant.timeIntervalSince1970) % 86400 == (12 * 60 - TimeText.zoneOffsets[zone]!) * 60)
    }

    @Test func unknownZoneIsAWarningAndKeptAsWritten() throws {
        let text = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM XYZT\n\n  • a Jan 1 @ 6:01 PM XYZT\n    hi\n"
        let (archive, diagnostics) = archive([SourceFile(path: "content/demo.txt", text: text)])
        #expect(diagnostics.map(\.description) == ["content/demo.txt:3: warning: unknown time zone 'XYZT'; times read as UTC"])
        #expect(archive.sessions[0].messages[0].time.zone == "XYZT")
    }

    @Test func datesIndependentOfTheMachine() {
        #expect(TimeText.daysSinceEpoch(LocalDate(year: 1970, month: 1, day: 1)) == 0)
        #expect(TimeText.daysSinceEpoch(LocalDate(year: 2000, month: 3, day: 1)) == 11017)
        #expect(LocalDate(year: 2018, month: 3, day: 5).longText == "Monday, March 5, 2018")
        #expect(LocalDate(year: 2016, month: 2, day: 29).longText == "Monday, February 29, 2016")
        #expect(TimeText.isoText(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test(arguments: [
        ("Q1: What?", MessageLabel.Kind.question, 1, "Q1:", "What?"), ("Q1 What", .question, 1, "Q1", "What"),
        ("Q1) What", .question, 1, "Q1)", "What"), ("q12. Why", .question, 12, "q12.", "Why"),
        ("A1: yes", .answer, 1, "A1:", "yes"), ("A1 yes", .answer, 1, "A1", "yes"), ("a1: yes", .answer, 1, "a1:", "yes"),
        ("A1b: also", .answer, 1, "A1b:", "also"), ("A1-B: In CA", .answer, 1, "A1-B:", "In CA"),
        ("A1B: a hammer", .answer, 1, "A1B:", "a hammer"), ("A1I think so", .answer, 1, "A1", "I think so"),
        ("A1) yes", .answer, 1, "A1)", "yes"), ("A1. yes", .answer, 1, "A1.", "yes"),
        ("A1Helps your sustainability", .answer, 1, "A1", "Helps your sustainability"),
        ("a3: Look at evidence", .answer, 3, "a3:", "Look at evidence"), ("A4b: We can lean", .answer, 4, "A4b:", "We can lean"),
        ("A3: #badgechat", .answer, 3, "A3:", "#badgechat"), ("A2", .answer, 2, "A2", ""),
    ])
    func labels(text: String, kind: MessageLabel.Kind, number: Int, raw: String, body: String) {
        let label = QuestionFinder.label(text)
        #expect(label == MessageLabel(kind: kind, number: number, raw: raw))
        let message = Message(id: "m1", author: nil, role: nil, time: LocalTime(minutes: 0, zone: "UTC"),
                              instant: Date(timeIntervalSince1970: 0), timeIsWritten: false, text: text, label: label, line: 1)
        #expect(message.body == body)
    }

    @Test(arguments: ["Quick outro", "Also organize", "A+ work", "Q1x2", "And A1: no", "A0: zero", "Q2b: no sub-questions", "Aa1"])
    func notLabels(text: String) {
        #expect(QuestionFinder.label(text) == nil)
    }
}
