"""Cue words and phrases of the event rules (meetings, inspection visits, their participants).

Kept apart from kg/extract.py so the genre's vocabulary can grow without touching the rules: each
cue is a word any government news page uses, whatever the city.
"""

from __future__ import annotations

import re

# the role a person's name takes from the cue that follows it in the clause
ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("主持", "chair"),
    ("组织召开", "chair"),
    ("带队", "leader"),
    ("带领", "leader"),
    ("率队", "leader"),
    ("率领", "leader"),
    ("陪同", "attendee"),
    ("随同", "attendee"),
    ("会同", "attendee"),
    ("一同", "attendee"),
    ("列席", "attendee"),
    ("出席", "attendee"),
    ("参加", "attendee"),
    ("参会", "attendee"),
    ("参与", "attendee"),
    ("到场", "attendee"),
    ("就座", "attendee"),  # 在主席台就座: seated on the platform, present
    ("就坐", "attendee"),
    ("见证", "attendee"),
    ("签署", "attendee"),
    ("会见", "attendee"),
    ("接待", "attendee"),
    ("拜会", "attendee"),
    ("会谈", "attendee"),
    ("要求", "speaker"),
    ("讲话", "speaker"),
    ("发言", "speaker"),
    ("通报", "speaker"),
    ("宣读", "speaker"),
    ("介绍", "speaker"),
    ("汇报", "speaker"),
    ("致辞", "speaker"),
    ("感谢", "speaker"),
    ("致词", "speaker"),
    ("总结", "speaker"),
    ("强调", "speaker"),
    ("指出", "speaker"),
    ("表示", "speaker"),
    ("宣布", "speaker"),
    ("作的工作报告", "speaker"),
    ("点评", "speaker"),
    ("解读", "speaker"),
    ("授课", "speaker"),
    ("主席台就座", "attendee"),
    # the acts of a ceremony: who performs them is there
    ("颁奖", "attendee"),
    ("揭牌", "attendee"),
    ("剪彩", "attendee"),
    ("授牌", "attendee"),
    ("授旗", "attendee"),
)
CUE_RE = re.compile(
    "|".join(re.escape(cue) for cue, _ in ROLE_CUES)
    + r"|[作做]了?[^，。；]{0,40}?报告|提出了?[^，。；]{0,6}?(?:意见|建议)|致[^，。；]{0,3}?[辞词]|欢迎(?!宴会|晚宴|仪式|会|酒会)|传达(?!学习)|(?<!研究)部署(?!会|大会|动员)|述职(?!评议|会)"
)
CUE_ROLE = dict(ROLE_CUES)


def cue_role(cue: str) -> str:
    """The role of a matched cue (作…报告 is a speaker's)."""
    return CUE_ROLE.get(cue, "speaker")


# "A；B处长C，D总经理E等出席": the attendance verb closes a list of titled names, cut by ，、 and ；
PRESENCE_VERB = re.compile(
    r"(?:等(?:同志|领导|人)?)?\s*(?:出席|参加|参会|列席|陪同|到场|(?:在主席台(?:前排)?)?就[座坐]|代表(?:双方|各方|两地|三方)(?:签约|签署|签订))")
# what may stand between two names of such a list once the names, titles and bodies are taken out
LIST_FILLER = re.compile(r"[，,；;、\s]|兼|及|和|与|以及|等|同志|党组|党委|副|主要负责人|负责人|相关负责同志|负责同志|领导")

# a listener is no speaker: 听取了企业负责人的汇报, 听了…介绍
HEARD = re.compile(r"听取|听了|观看|收听")

# inspection visits: the verbs that open one. 深入 is a visit only when a place follows it (深入企业,
# 深入到…), not the adverb (深入交流, 深入推进); 调研员 and 检查组/纪律检查 are titles and bodies.
VISIT_CUES = re.compile(
    r"调研(?!员|组|团|课题|报告|成果)|(?<!的)(?<!会见)(?<!接见)(?<!会晤)(?<!欢迎)(?<!迎接)(?<!见了)到访|拜访|(?<!出)访问(?!团|次数|量|人次|数)|走访|实地查看|察看|来到|莅临|参观(?!团)|观摩(?!会|团)|深入(?=到|一线|基层|企业|园区|项目|社区|村|[^\s，。；、]{2,}?(?:公司|集团|厂))|"
    r"深入(?=我|该|辖区)|(?<=先后)深入|走进|奔赴|(?<!经)考察(?!对象|期|人选|了解|团|组)|视察(?!组|团)|(?<!纪律)检查(?!组|委员会)|督导(?!组)|督查(?!组)|回访|看望|慰问|踏勘|"
    # 李明、王强一行先后到甲、乙等企业: a party going on to places
    r"(?<=一行)(?:先后|又|还|分别)?(?:到|前往)(?!达|场|会)|"
    # 甲带队，赴乙学习借鉴: a party led to a place
    r"(?:(?<=[带率]队)|(?<=[带率]队[，,]))(?:赴|前往)"
)
# a visit verb whose place is a session: "来到…会议…代表团", "来到分会场"
SESSION_AFTER = re.compile(r"[^，。；]{0,30}?(?:代表团|分会场|主会场|会场)(?![^，。；]{0,4}(?:外|门口|周边|建设))")
# the page's own enterprise as a visit's target: "莅临我公司", "到集团总部", "参观了公司展厅"
OWN_COMPANY = re.compile(r"(?:到|莅临|来到|走进|深入|参观了?|考察|访问|走访|调研)(?:我|本|该)?(公司|集团)(?!(?:有限|股份|党|董事|总经理|领导|负责))")
VISIT_TARGET = re.compile(r"(?:在|到|来到|深入|走进|赴|辖区企业|先后到|先后来到|先后深入|前往|(?<![以未原年近从向历本后])来)$")
# "在B、C（的）陪同下": the names inside accompany the one the sentence is about
ACCOMPANIED = re.compile(r"在[^。；在]{1,80}?(?:的)?(?:陪同|陪伴|引导|引领)下")
# a delegation: "X一行", "X带队", "X率队" opens a visit even before any enterprise is named
DELEGATION = re.compile(r"一行|带队|率队|带领|率领|率团|率(?=[\u4e00-\u9fa5]{1,8}?[团组])")  # 率考察团, 率调研组

# meetings the NER did not name: "召开(了)X会议", "X会在Y召开/举行", "举行「…典礼」"
MEETING_NOUN = (
    r"(?:会议|座谈会|调度会|推进会|部署会|动员会|协调会|汇报会|现场会|观摩会|培训会|恳谈会|对接会|洽谈会|见面会|发布会|交流会|报告会|"
    r"联席会|专题会|例会|全会|大会|年会|论坛|仪式|典礼|推介会|研讨会|博览会|交易会|展览会|峰会|表彰会|总结会|述职会|评议会|"
    r"开幕式|闭幕式|集体学习|学习会|培训班|宴会|招待会|茶话会|团拜会|联谊会|午餐会|早餐会|午宴|晚宴|酒会|开幕礼|启动礼|颁奖礼)"
)
# the verbs that report a meeting as held (开幕/闭幕 open and close it)
HELD_VERB = r"(?:召开|举行|举办|开幕|闭幕|开班)"
MEETING_AFTER_VERB = re.compile(
    # "召开了以“我为文明小区出份力”为主题的推进会": the theme in quotes before the meeting's name
    rf"(?:召开|举行|举办)了?(?:以[「“][^」”，。]{{1,40}}[」”]为(?:主题|题)的)?[「“《]?(?P<name>[^，。；：「」“”]{{0,30}}?{MEETING_NOUN})(?![室堂员场议所])"
)
MEETING_BEFORE_VERB = re.compile(
    rf"(?:^|[，；：])(?P<name>[^，。；：]{{0,40}}?{MEETING_NOUN})(?![室堂员场议所])"
    # what may stand between the name and its verb: a day (8日), a place (在县政府), a form (以视频形式)
    rf"(?:于?(?:\d{{1,2}}月)?\d{{1,2}}日(?:上午|下午|晚上?)?)?(?:在[^，。；]{{1,30}}?)?(?:以[^，。；]{{1,8}}?形式)?(?:隆重|正式|胜利)?{HELD_VERB}(?!之|后)"
)
# "在「彩灯大观园」开幕典礼（上）致辞", "在招商推介会上讲话": a meeting one speaks at was held
MEETING_SPOKEN_AT = re.compile(
    rf"在(?P<name>(?:[「“《][^」”》，。]{{1,20}}[」”》])?[^，。；：「」“”在]{{0,30}}?{MEETING_NOUN})[」”》]?(?:上|中)?(?:的)?(?=致辞|致词|致欢迎辞|讲话|发言|作报告|作主旨|演讲)"
)
# a participant's role on a meeting the sentence does not name: "主持会议", "会议由X主持", "出席大会并讲话"
ROLE_ON_MEETING = re.compile(r"(?:主持|出席|参加|列席|参会)(?:了)?(?:会议|大会|座谈会|仪式|活动并)|(?:会议|大会)由")
# a meeting between two parties: "X会见（了）Y", "X在武汉拜会Y"
MEETING_MEET = re.compile(r"会见|拜会|会谈|接见")
# talks between two parties: "A与B（举行）会谈", "A同B一行座谈"
MEETING_WITH = re.compile(r"(?:与|同)(?P<guest>[^，。；]{2,40}?)(?:举行|进行)?了?(?:集中|亲切|深入|友好|工作)?(?P<verb>会谈|座谈|洽谈)(?![会室])")
NOT_HELD = re.compile(r"迎接|筹备|将|即将|办好|承办|争取|计划|拟")
ANAPHORIC_MEETING = re.compile(r"^(?:此次|这次|本次|该|上述|今天的|今日的)")
# words that name a meeting in a sentence about a visit: the visit's party also sits in it
MEETING_WORDS = re.compile(r"座谈|会议|开会|召开|[^，。；]{0,6}会上")

# a day-only dateline (13日，… / 17日下午，…) and a month glued to the day (1123日 for 11月23日)
# what may open a dateline: a news agency's 讯 with its byline, or the page's own date stamp
DATELINE_PREFIX = r"^\s*(?:[^，。]{0,40}?(?:讯|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?:[（(][^）)]{0,40}[）)])?\s*)?"
DAY_ONLY = re.compile(DATELINE_PREFIX + r"(\d{1,4})日(?=上午|下午|晚|早|，|,)")
PAGE_DATE = re.compile(r"(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# a dateline relative to the page's date: 昨天上午，… / 今日下午，…
RELATIVE_DAY = re.compile(DATELINE_PREFIX + r"(昨天|昨日|今天|今日|前天)(?=上午|下午|晚|早|，|,)")
RELATIVE_OFFSET = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0}
# a name that is only cited (习近平新时代…思想) or the object of the verb (向陈建平颁发, 任命李四)
CITED_NAME = re.compile(r"^(?:新时代|思想|同志为核心|总书记)")
OBJECT_BEFORE = re.compile(r"(?:向|对|给|为|任命|听取|欢迎)$")
BYLINE_BEFORE = re.compile(r"(?:记者|通讯员|编辑|摄影|摄|文|图)[：:\s]*$")
# the presence of the object of a handing over: 向陈建平颁发任命书
RECEIVES = re.compile(r"^(?:颁发|颁|授予|授|赠送)")
# "参加会见的还有：A、B…", "陪同调研的有A、B": the names come after their cue
LISTED_AFTER = re.compile(r"(?:参加|出席|陪同|列席|参会)[^，。；：]{0,8}?的[^，。；：]{0,6}?(?:还)?有[：:]?")
