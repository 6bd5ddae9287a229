import Foundation
import Testing
@testable import ConfabCore

/// Files made of the real lines gathered in each text-log reader's tests (their sources are
/// named there): every reader but the file's own must leave it alone, and its own must claim it.
@Suite struct TextLogVariantsTests {
    static let whatsapp: [String] = [
        "3/6/18, 1:55 p.m. - a: m\n3/6/18, 1:56 p.m. - b: n\n",
        "[06.13.18 21:25:15] a: m\n[06.13.18 21:25:20] b: n\n",
        "13.06.18 21.25.15: a: m\n13.06.18 21.25.20: b: n\n",
        "09/12/2012 17:03:48: Sender Name: Message\n09/12/2012 17:04:48: Other: Reply\n",
        "2016-06-27, 8:04:08 AM: Neil: Hi\n2016-06-27, 8:05:08 AM: Ann: Yo\n",
        "12.02.19, 14:22 - Сообщения в данной группе теперь защищены сквозным шифрованием.\n12.02.19, 14:23 - Ann: привет\n",
        "9/24/2019 11:30 p.m. - John Doe: Hello world\n12/24/2019 11:30 p. m. - John Doe: Testing spacing in pm\n",
        "[05.08.23, 5:52:02\u{202F}PM] Hana: Messages and calls are end-to-end encrypted.\n[07.03.26, 21:22:39] Chris: Hey 👋\n",
        "30/08/25 18.00 - A: x\n30/08/25 18.01 - B: y\n",
        "08.10.2026 14:06 - Ayşe: tamam\n08.10.2026 14:07 - Ali Veli: IMG-20261008-WA0001.jpg (dosya ekli)\n",
        "2023/12/20, 5:46 pm - Farid: hi\n2023/12/20, 5:47 pm - Ann: yo\n",
        "[1.1.2019, 12.00.00] John Doe: Hello 😄\n[1.1.2019, 12.00.00] Jane Doe: Hey!\nP.S. Nice emoji 👀\n",
    ]
    static let zoom: [String] = [
        "10:01:00 From  John Doe  to  Everyone: \n  Good morning folks\n10:01:10 From  Alice Balice  to  Everyone: \n  Replying to \"Good morning folks\" Hi John\n",
        "19:52:01 From  Brett Gustafson  to  Everyone:\n\tWhat's the benefit to a staged shell?\n19:52:03 From  Matt  to  Everyone:\n\tare we going to cover encoding\n",
        "13:36:01\t From  Joe Cassidy : Can you declare multiple \"using namespace X\"?\n13:36:16\t From  Matthew Meidt  to  Luke(Privately) : Yes it is\n",
        "11:51:11\t From 黑貓 : 對\n11:52:50\t From 黑貓  To  鄭鴻旗(privately) : 突然想到\n",
        "00:58:04\tAlex:\tDepends on your teaching style, I guess.\n00:58:20\tWheezy:\tDid  you check out it?\n",
    ]
    static let irc: [String] = [
        "[03:56:24] *** Joins: VaticanCameos (~pls@182.68.205.231)\n[04:42:19] *** Quits: mefistofeles (~crush@unaffiliated/mefistofeles) (Quit: Hay!)\n[04:43:00] <ann> hi\n",
        "Session Start: Sat Feb 14 22:00:00 2015\nSession Ident: #chan\n[22:01] * Joins: ann (~a@host)\n[22:02] <ann> hi\n[22:03] * ann waves\n",
        "[02-Feb-2004 14:18:55] <mg> Hello!\n[02-Feb-2004 14:19:00] <ann> apples > oranges\n",
        "2021-03-14 10:00:00\t--\tann is now known as ann_away\n2021-03-14 10:00:05\tann_away\thi\n",
        "14:18 <mg> apples > oranges\n14:19 -!- ann was kicked from #c by bob [reason]\n14:20 <bob> bye\n",
    ]
    static let discordText: [String] = [
        "[1/2/2020 3:04\u{202F}PM] ana\nhi\n\n[1/2/2020 3:05\u{202F}PM] ben\nyo\n\n",
        "[2.1.2020 15.04] ana\nhi\n\n[2.1.2020 15.05] ben\nyo\n\n",
        "[2020. 1. 2. 오후 3:04] ana\nhi\n\n[2020. 1. 2. 오후 3:05] ben\nyo\n\n",
    ]

    static let readers: [(String, any FormatReader.Type)] = [
        ("whatsapp", WhatsAppReader.self), ("zoom", ZoomReader.self), ("irc", IRCReader.self), ("discordText", DiscordTextReader.self),
        ("matrixLog", MatrixLogReader.self), ("described", DescribedFormatReader.self), ("discordHTML", DiscordHTMLReader.self),
        ("transcript", TranscriptFormatReader.self),
    ]

    @Test func eachFileIsItsOwnReadersOnly() {
        for (owner, texts) in [("whatsapp", Self.whatsapp), ("zoom", Self.zoom), ("irc", Self.irc), ("discordText", Self.discordText)] {
            for text in texts {
                let source = Source(SourceFile(path: "content/chat.txt", text: text))
                for (name, reader) in Self.readers {
                    let confidence = reader.confidence(source, settings: ReadSettings())
                    if name == owner {
                        #expect(confidence > 0, "\(name) does not claim its own \(text.prefix(40).debugDescription)")
                    } else {
                        #expect(confidence == 0, "\(name) claims \(owner)'s \(text.prefix(40).debugDescription) at \(confidence)")
                    }
                }
                #expect(FormatRegistry.reader(for: source, settings: ReadSettings()).map { "\($0.format)" } == Self.formatName(owner), "\(text.prefix(40).debugDescription)")
            }
        }
    }

    static func formatName(_ owner: String) -> String {
        switch owner {
        case "whatsapp": "\(SourceFormat.whatsapp)"
        case "zoom": "\(SourceFormat.zoom)"
        case "irc": "\(SourceFormat.irc)"
        default: "\(SourceFormat.discordText)"
        }
    }
}
