"""Issue 11, posts: the shapes of a post that every city's news uses, read the same on any page.
Each shape is pinned by a short sentence of its own (not copied from any page), built alone with
the shipped model, and checked on the resolved graph as (person, body, title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult
from kg.errors import ModelError
from kg.nlp.titles import read_lexicon, title_lexicon
from kg.records import Extraction, Ref
from page_helpers import build_sentence_pages

SENTENCES = {
    # a bare 街道 body on a page that names one street of its district is that street's
    "bare-street": "遵义市汇川区上海路街道召开会议。街道党工委书记杭立勇主持，街道办事处主任罗立平参加。",
    # a party department written without its committee after 常委、 is that committee's
    "party-department": "内乡县召开会议，县委常委、组织部部长张丽君，县委常委、政法委书记马建国出席。",
    # an enterprise's party unit after its other post: X公司董事长、党委书记
    "company-party-unit": "河南远航机械有限公司董事长、党委书记王立明出席签约仪式。",
    # bodies the model misses right before their titles
    "union": "濮阳县召开会议，县总工会主席陈立国、县卫健委二级调研员石红梅出席。",
    "supervision": "清丰县召开会议，县纪委书记、监委主任王晓东通报情况。",
    "committee-office": "南乐县召开会议，县委常委、县委办主任吕东升主持。",
    "street": "华阳区召开会议，东关街道党工委书记、办事处主任孙海波发言。",
    "bare-office": "台前县召开会议，各乡、办事处主任参加。",
    # an assistant of a head is a title of its own (县长助理) in the head's body
    "assistant": "范县召开会议，县长助理王永刚、清河银行股份有限公司行长助理李欣出席。",
    # a bare 局长 is of the bureau the sentence names before it
    "bare-head": "汤阴县自然资源局召开会议，局长杜新民讲话，副局长孙丽、王强参加。",
    # the model's 县教育局局 + 长: the bureau and the title
    "bureau-title": "修武县召开会议，县教育局局长王立华出席。",
    # the posts in brackets after a name
    "brackets": "内黄县召开会议，会议由冯志刚（县委书记）主持。",
    # a government body before its party group is no enterprise (县政协党组书记、主席)
    "congress-party-group": "获嘉县召开会议，县政协党组书记、主席周明出席。",
    # an enterprise's 党委 after its other post
    "company-committee": "东方电网远通供电公司总经理、党委副书记孙立伟出席。",
    # schools and universities before their heads; 教授 is a post of the university
    "schools": "偃师区召开会议，区委副书记、区长，区委党校校长张强讲话，挂职副区长、北方农业大学教授钱文出席。",
    # 市府 is the city government, before a contracted department post too
    "shi-fu": "台中市举行典礼，市府消防局长廖立川出席。",
    # 政委 and 教授 are posts only with their body; 负责人 is no title (县检察院负责人 attends for its body)
    "in-charge": "汝州市召开会议，汝州市农业农村局副局长张伟出席。会上，政委王辉、教授李强发言，县检察院负责人参加。",
    # a task group sent by a committee, with the program it serves quoted in its name
    "task-group": "兰考县召开会议，省委第三巡视组组长王刚出席。市“百村帮扶”第二指导组组长刘明陪同。",
    # 党委第一书记: a post of the unit's party committee
    "first-secretary": "获嘉县召开会议，县委书记、县人武部党委第一书记王刚出席。",
    # a bare head of the body the sentence before names
    "sentence-before": "安阳市人大常委会召开第十次会议。主任王立主持会议，副主任李明、张华出席。",
    # a visit to a meeting is no meeting name that swallows the visitor and his post
    "visit-meeting": "永城市召开会议。5月6日下午，商丘市市长李立明来到市五届人大三次会议永城代表团，与代表们一起审议。",
    # a notice's later clauses name more people and posts; a list of names shares the post elected
    "election": "西平县召开会议，会议选举李明为西平县人民政府县长，王刚为县人大常委会副主任。",
    "elected-list": "上蔡县召开大会，张伟当选为县委书记，李强、赵明当选为县委副书记。",
    # a party department the model misses after 常委、
    "department-missed": "遂平县召开会议，会议由县委常委、组织部部长高明主持。",
    # a body after a comma starts a new post (the place visited before it is no part of it); 拜访 is
    # no part of the enterprise's name
    "comma-body": "市委书记王立带队到洛阳，拜访河南远航重工有限公司党委书记、董事长李正兰。",
    # an enterprise the model misses before an enterprise post, with its place
    "enterprise-missed": "临颍县召开签约会，上海星联智远新材料产业集团合伙人梁建国发言。",
    # a zone the gazetteer lacks, named in full once: its short form and its bare committees are it
    "unknown-zone": "宜州临江经开区召开会议。临江经开区党工委书记王立、管委会主任张华出席。会议由管委会副主任李明主持。",
    # enterprise news: a name with its post after it, the company's own party units and 工会, the
    # company's leaders; a name before an enterprise post followed by a name stays an enterprise
    "name-then-post": "远航重工有限公司召开会议。王立董事长指出，要抓好安全生产。张华总经理作工作报告。万科董事长郁亮出席。",
    "company-units": "远航重工有限公司召开会议。公司党委副书记、纪委书记、工会主席李强出席。",
    "group-leaders": "远航重工集团有限公司召开会议。集团公司党委书记、董事长王立主持会议，集团总裁助理孙明出席。",
    # a congress's 党组成员 after its other posts in the sentence; a court's 审判员
    "congress-group": "获嘉县人大常委会召开会议。县人大常委会主任王立主持会议，副主任张华，党组成员赵强出席。会议任命吴兰为获嘉县人民法院审判员。",
    # Taiwan usage: a department written with its head's 长 once (经发局长), a city council's 议长
    "unit-head": "臺中市舉行典禮，市府經發局長張大春陪同，高雄市議會議長康裕成出席。",
    # a bare 办公室 after 、 is the office of the body the chain holds
    "offices": "滑县召开会议，县政府副秘书长、办公室主任王立出席，县政协副主席、办公室主任李明参加。",
    # a province's general office (办公厅) after 、 in a chain is the chain's body's, as 办公室 is
    "general-office": "6月18日，湖北省政协副秘书长、办公厅主任周立新一行来到竹溪县调研。",
    # a village's party branch and its committee; a community's party committee read as a place;
    # an enterprise article's 党委书记、董事长 with the company in the sentence before
    "village": "宜阳县召开会议，樊村党支部书记、村委会主任王立，城关镇西街社区党委书记李红出席。",
    "company-before": "远航重工有限公司召开会议。党委书记、董事长王立主持会议。",
    # a deputy of a people's congress (人大代表) holds a post of that congress; 企业代表 is no post
    "deputy": "宜阳县召开会议，省人大代表、远航重工有限公司董事长李四发言，企业代表王五参加。",
    # an autonomous prefecture's 州委 and 州长, a banner's 旗委 and 旗长
    "prefecture": "恩施州召开会议，州委书记王立，州委副书记、州长李明出席。",
    "banner": "达拉特旗召开会议，旗委书记王立，旗委副书记、旗长李明出席。",
    # an autonomous region's chairman is of its government; its 政协's chairman is written with it
    "region": "南宁市召开会议，自治区副主席李明讲话，自治区政协副主席王华出席。",
    # more heads of the lexicon: customs, board secretaries and founders, school inspectors
    "more-heads": "远航重工有限公司董事会秘书李明、创始人张华，宜阳县政府督学赵刚参加。",
    # a body named by its unit alone after the page named it in full (局党组, 院党委)
    "unit-anaphor": "近日，宜阳县人社局召开会议。局党组书记、局长王立主持会议，局党组成员、副局长张华参加。",
    "hospital": "宜阳县人民医院召开会议。院党委书记王立、院长张华出席。",
    # a court or procuratorate is named as written (县法院: 嵩县法院), as the gold names bodies
    "courts": "嵩县召开会议，县法院院长郑涛、县检察院检察长冯军出席。",
    # a space between a title and its name (typeset pages)
    "spaced": "嵩县召开会议，县委书记 王立、县长 张华出席。",
    # a note between a title and its name (挂职, a rank) keeps the chain and the name
    "noted": "宜阳县召开会议，县委常委、副县长（挂职）李明出席。",
    # a name the NER does not read before an enterprise post: no body borrowed from elsewhere and no
    # bodyless post; 原集团副董事长 is the page's group; 教育部长江学者 holds no 部长
    "unread-body": "远航重工有限公司董事长王立出席，星辰地产总经理林少斌、原集团副总裁吴振绵参加。教育部长江学者赵明发言。",
    # a list of names opened by 有： after its title
    "names-open": "嵩县召开会议。出席会议的县领导有：王立、张华、李明。",
    # 该局, 该公司: the body of that kind the article has just named
    "deictic": "林州市召开会议。市自然资源局局长杜新民汇报，该局副局长孙丽参加。远航重工有限公司与市政府签约，该公司董事长王立出席。",
    # a unit of a department written after it (交警大队, 审判庭) is one body with it
    "sub-units": "宜阳县召开会议，县公安局交警大队大队长张华、县法院民事审判庭庭长李明出席。",
    # a by-election (补选X为…代表) is a notice; the term (第九届, 十七届) is no part of the body, and
    # 人民代表大会 is named 人大
    "by-election": "珠海市金湾区召开会议。会议以无记名投票方式，补选黄立娜为珠海市第九届人民代表大会代表。",
    "term": "房县召开会议。县十七届人大常委会副主任王立出席。",
    # names listed with 同志 after each share the title before them
    "comrades": "嵩县召开会议，副县长王立同志、张华同志出席。",
    # a place written right before a zone word names a zone the gazetteer lacks; its bodies written
    # with the zone word alone or bare are that zone's
    "zone-word": "济源示范区召开会议。示范区党工委书记张战伟主持，党工委副书记、管委会主任胡五岳讲话。",
    # Taiwan usage: 立委 is a member of the 立法院
    "legislator": "臺中市舉行典禮，立委林立德出席。",
    # a numbered division of the production corps is a body; a staff post written bare after the
    # sentence's last chain (，总工程师丙) is of its body
    "division": "北屯市召开会议。在八师副师长刘学军、马新平，总工程师姜新海的陪同下，调研组参观了园区。",
    # a section inside an enterprise or an office is part of the title, the post the body's (the gold's
    # 规划部处长, 秘书二科副科长); 项目经理 is a title
    "sections": "子洲县召开会议，远航化工（集团）股份有限公司规划部处长杨立民、星辰咨询有限公司项目经理刘宇、州政办秘书二科副科长陈东出席。",
    # the corps' units: a numbered division inside the corps, a numbered regiment (一三〇团) and its
    # 团长 (a 兵团 or a 集团 is no 团)
    "regiment": "北屯市召开会议。新疆兵团第八师政委王光明出席。第八师一四〇团政委李新民、团长孔立杰、副团长赵文华陪同。",
    # no post without a title
    "no-title": "内黄县召开会议，冯志刚、王立华出席。",
    # an enterprise's own news: its party unit and posts far from its name, a bare 党委 opening a
    # later chain, 监事会主席 held in the enterprise itself
    "enterprise-news": ("青峰集团召开年中工作会议。\n省国资委副主任孟立到会指导。\n会议通报了上半年情况。\n"
                        "党委副书记、总经理许安，党委副书记、监事会主席韩东分别发言。\n"
                        "党委书记、董事长罗平在总结时指出，青峰集团要稳中求进。"),
    # a unit inside an enterprise or an association is part of the title: 董事局主席, 产业合作部处长,
    # a bare 金融委员会 after 集团, 华东大区 and 市场部 after a list mark
    "enterprise-units": ("青峰集团董事局主席罗平到访，集团金融委员会副主席许安、市场部总经理韩东，"
                         "全国工商业联合会会员部处长陈立，总裁助理、华东大区总经理周明陪同。"),
    # an autonomous prefecture's bodies are named with its short name (楚雄州委, 昌吉州政府); a
    # province's short name before a city or prefecture is no part of the body
    "prefecture-short": "楚雄州召开会议，州委书记王立、州委副书记、州长李明出席。",
    "province-short": "会上，新疆昌吉州党委常委、常务副州长赵刚，陕西延安市委书记孙明发言。",
    # a park's 工委 and then its 管委会 in one chain are the same park's
    "park-committees": "三亚市吉阳区召开座谈会，市数字经济产业园工委书记、管委会主任韩立出席。",
    # an office after another person's post of the same unit: X街道党工委书记甲、办事处主任乙
    "unit-office": "东坡街道党工委书记赵立、办事处主任孙明，柳村党支部书记王强、村委会主任李华参加。",
    # a description between the posts and the name is no break (工商联主席、民营企业家X)
    "description": "渭城区召开会议，区工商联主席、民营企业家周立发言。",
    # a page's place written as one name the model read as an organisation (X省X市X区召开会议)
    "place-as-organisation": "江苏省盐城市大丰区召开会议，区委书记王立出席。",
    # a zone's generic name the NER cut (经 + 开区党工委)
    "cut-zone-word": "会上，经开区党工委副书记、管委会主任王立讲话。",
    # notices: a department's full name with its 和 (发展和改革委员会), 同志任 before the body, a profile's 现任
    "notice-full-names": "任命孙立为安徽省发展和改革委员会主任；\n周明同志任县委办公室主任。",
    # a bare 区委 in a list of officials is of the district the list named last
    "listed-districts": "宜宾市召开会议。翠屏区委书记张立，区委副书记、区长李华，叙州区委书记王强出席。",
    # an enterprise post after the enterprise and a place visited: the enterprise's, not the place's
    "enterprise-then-place": "考察组先后来到远航新材料股份有限公司、临安区青山镇，董事长韩立介绍了企业情况。",
    # a democratic party's committee written 市委 is its 市委会; a zone named with its level only
    # is the page's county's
    "party-committee-office": "民进宜昌市委会召开会议，民进宜昌市委办公室主任韩立出席。",
    "county-zone": "宜阳县召开会议，县工业园区主任王立出席。",
    # a bare head after the party committee of its unit: 某大学党委书记甲、校长乙
    "unit-after-its-committee": "宜阳县召开会议，北方农业大学党委书记王立、校长张强出席。",
    # a notice's list of clauses, each opening with a name before 为
    "notice-list": "县人大常委会决定任命：\n孙立为县财政局局长；\n周明为县教育局局长；\n免去吴刚的县审计局局长职务。",
    # Taiwan usage: a branch's heads written with its unit once (立法院长, 经济部长); a government's 处
    "taiwan-heads": "臺北市舉行典禮，立法院長林立德、經濟部長王美玲出席，臺北市政府產業處處長陳立中陪同。",
    # towns, streets and communities: a town's head written with its name once (城关镇长), a bare
    # 街道党工委 after the street office named, a community's 居委会 after its party branch
    "towns": "宜阳县召开会议，白杨镇长王立，城关街道办事处主任张华、街道党工委副书记李明，东关社区党支部书记、居委会主任赵强出席。",
    # a bank's branch is named with the bank (the place inside it); a county's credit union before its head
    "branches": "宜阳县召开会议，远航银行河南省分行行长王立、副行长张华，宜阳县农村信用合作联社理事长李明出席。",
    # the newspaper of the byline is the page's evidence even where the model reads it as an organisation
    "paper-byline": "本报讯 近日，市委书记王立到郑州、开封考察学习。市长张华陪同。\n南阳日报记者 孙强",
    "profile": "赵立，男，汉族，1976年3月生，湖北黄冈人，大学学历，中共党员，现任县委常委、县委办主任。\n钱明，现任远航集团总经理。",
    # a name before 说 after its title (no 王明说)
    "name-then-says": "宜阳县召开会议。县委书记王明说：“要抓好落实。”镇党委书记李红军说，项目进展顺利。",
    # the leaders of a zone, a prefecture, a street as a group: the rank as written; two groups before
    # one list say nobody's rank
    "zone-leaders": "宜阳县召开会议，示范区领导吕立、张元明参加。州领导孙强陪同。",
    "two-groups": "宜阳县召开会议，县领导及高新区领导赵立、陈健分别陪同。",
    # an enterprise's committee written with its short name is the committee of the full name on the page
    "short-enterprise-committee": "宜阳县政府与远航方舟集团有限公司签约。远航方舟集团党委书记、董事长赵立出席。辽宁远帆集团与县政府签约，远帆集团董事、党委书记孙明出席。",
    # a bare mass organisation inside a county's chain is the county's, and the chain goes on through it
    "bare-union": "宜阳县召开会议，县人大常委会副主任、县委办主任、总工会主席张立国，副县长王明出席。",
    # a list of names that share a title, one of them of a rarer surname (乐), before another title;
    # 轮值 before a title
    "shared-list": "通山县召开会议，县政协副主席程国芳、乐有才、吴新明、秘书长吴建雄出席。远航集团董事、轮值总裁黄智华陪同。",
    # a staff head after 及 at the end of a body's list is of that body; names listed after a name
    # with no Han surname share its title
    "staff-after-and": "黑龙江省召开会议。省人大常委会副主任马淑洁、李希明及秘书长傅立文出席会议。",
    "list-after-minority-name": "芦淞区召开会议。副区长巴桑罗布、林涛，区政府办负责人参加。",
    # a department written with no place is the page's place's (财政局 on a 宜阳县 page); a branch of a
    # higher bureau or an enterprise's committee is not
    "bare-department": "宜阳县召开会议。财政局局长王立、教育局副局长张强、国土宜阳分局局长李明出席。",
    # a banner's posts as Inner Mongolia writes them: 政府旗长, 政府党组副书记 after the banner's 旗委 post
    "banner-bare-government": "乌审旗召开会议。旗委书记张立，旗委副书记、政府旗长王强，旗委常委、政府党组副书记、副旗长王立，旗政府副旗长李明出席。",
    # resignations and decisions on appointments, as people's congresses word them
    "resign-and-decide": "会议决定接受李建国同志请求辞去江西省人民政府省长职务的请求。会议通过了《江西省人大常委会关于王强同志为江西省人民政府代理省长的决定》。",
    # an enterprise's functional directors (市场开发总监, 技术总监), as its 财务总监
    "functional-directors": "远航集团党委书记王立主持座谈，远航集团市场开发总监赵立、技术总监钱明、首席运营官孙强参加。",
    # 和 joining a listed name to 县人大常委会 is no county 和县; a count before 同志 in a notice
    "he-before-body": "永丰县召开会议。县人大常委会主任傅立，副主任黄立军、邓立华和县人大常委会组成人员参加会议。",
    "counted-names": "永丰县召开会议。会议决定任命吕立、李立庚、李立群三位同志为永丰县监察委员会委员。",
    # a page that names one town and no county: bare 镇长 and the town's short name before 党委 are that town's;
    # 携 after a name is "leading", no part of it
    "town-no-county": "4月11日，县委常委、副县长陶立携调研组到青塘镇调研。听取了青塘党委书记梁立兴及镇长陈立清的汇报。",
    # a federation of industry and commerce before a party post is an organisation, not an enterprise; CEO is a post
    "federation": "长宁区召开会议。市工商联党组书记王立汉、区工商联党组书记张立磊出席，远航信息技术有限公司CEO雷立参加。",
    # 县议员 (Taiwan) sits in the county's council, 市议员 in the city's; 与会来宾 are guests, no city 来宾
    "county-councillor": "南投县工业会召开大会，县长许立华出席。与会来宾包括县议员林立旸、南投市长张立哲。",
    # a CPPCC committee named with its term is that CPPCC; names elected to a bare head after it are its
    "cppcc-election": "成都召开会议。李立禧当选为政协四川省第十一届委员会主席，晏立和、张立东当选为副主席。"
                      "王立声当选政协第十二届全国委员会主席。",
    # a list of names whose other items the model reads as names: its rare surnames (奇, 折) and long
    # Mongolian names are names too, and share the post they are elected to
    "rare-names-list": "杭锦旗召开政协会议。郝立平、李文丽、奇立、巴图孟和当选为政协杭锦旗第九届委员会副主席。",
    # 四大家领导: the leaders of the county's four bodies, no one body named
    "four-leaders": "通山县召开大会，县四大家领导吴立明、陈立华、刘立强出席。",
    # a delegation that comes to the page's county: its own county holds its members, the host county
    # (the masthead's) the bare 县委 of its hosts, though the page names the guests' county more
    "host-delegation": ("通城县融媒体中心讯 近日，崇阳县委书记张立新，县委副书记、县长李立华率崇阳县党政代表团来我县考察。"
                        "县委书记王立平，县委副书记、县长赵立刚陪同。崇阳县党政代表团一行参观了工业园区。"),
    # 政府 before a township head in a notice (为政府乡长, 当选政府副乡长); 所作 after a name is no part of it
    "township-election": "归仁乡召开人代会。会议选举李立远为政府乡长，王立超、杨立、颜立磊当选政府副乡长。乡人大主席谢立所作的报告获通过。",
    # a page that names no group: its bare 集团 and 集团公司 are one group, the page's own
    "bare-group": "集团总裁刘立勇出席会议。集团公司副总裁王立伟主持。",
    # a Taiwan release lists a firm, a name and its title (特助, 课长, 总务); a doubled first character
    # (和和) is the trade name, not 和 before it
    # 县委常委、纪委书记: the county's 纪委, no department of its 县委; 开发区管委会 on a page that names one
    # zone (县经济开发区) is that zone's
    "discipline-zone": "莒南县召开会议。县委常委、纪委书记王立利出席。县经济开发区负责人汇报，开发区管委会主任杨立军发言。",
    # Latin letters a page's encoding left before a body (??h政协) are no part of it; the standing
    # committee of a CPPCC named with its term is that CPPCC's 常委会
    "garbled-body": "竹溪县召开政协竹溪县第十届委员会常务委员会第十七次会议。??h政协副主席杨立典、殷立山出席会议。",
    # 天津市国资委主任 read as 天津 + the contracted title 市国资委主任: the place before the title's 市
    # is the department's, not the page's city
    "place-before-contracted": "庆阳市召开会议。天津市国资委主任张立勇、市工信局局长胡立东出席。",
    # posts named after their holders (执行主席由甲、乙担任; 甲、乙等区领导); 原 (former) stays in the title;
    # 区人民法院 and 区法院 are one court
    "held-by": ("渝北区召开人代会。本次会议执行主席由黄立军、何立光担任。谢立、王志立等区领导在主席台就座。"
                "区人大常委会原主任米立林，区人民法院院长熊立全列席。区法院副院长王立发言。"),
    # a 新区's party committee is its 区委 (中共滨海新区区委), as people write it
    "new-district": "天津市滨海新区召开会议。区委常委张立钢出席。",
    # a firm whose name opens with an ordinal right after a group is the group's subsidiary, one enterprise
    "subsidiary": ("道县与五矿二十三冶建设集团有限公司签约。县领导张立波以及五矿二十三冶建设集团第四工程有限公司"
                   "董事长刘立扬一行出席。"),
    # seventh round: 该会/该公司 before a post stands for the body named before it, and holds the posts
    # listed after it in the sentence; a bare department's party group is the page's place's
    "anaphor": "许昌市代表团访问香港中华总商会，受到该会会长林立诚，副会长陈立文、黄立强等的接待。代表团参观了鸿立科技有限公司，该公司董事长王立明介绍了情况。",
    "department-group": "鹤壁市召开会议。市政府秘书长刘立新，商务局党组书记、局长王立刚参加。",
    # 习近平总书记: the title after the name, and its body the title names
    "general-secretary": "会议强调，要认真学习贯彻习近平总书记重要讲话精神。",
    # 某某会见: a verb after a name ending in 峰 is no 峰会 meeting, and the title before the name holds
    "meets": "5月8日，市委书记刘立峰会见了中国电建集团副总经理王立新一行。",
    # an enterprise's party unit whose secretary also chairs it: the short name before 党委 is an enterprise
    "firm-unit": "签约仪式上，中原建投党委书记、董事长赵立民致辞。",
    # a session's presidium: its posts are the presidium's, named after the session the page names
    "presidium": "远山省第九届人民代表大会第三次会议今天开幕。会议由大会主席团常务主席、执行主席林立华主持。",
    # 免去X<place>…职务: the name before the place of its body; the post ends before 的职务
    "removal": "会议决定：免去卢立椿鹤壁市人民政府副市长、市公安局局长的职务。",
    # a staff post after 和 closing a list of a body's deputies is of that body
    "and-secretary": "市人大常委会主任卢立主持会议，市人大常委会副主任蒲立正、雍立文和秘书长张立际在主席台就座。",
    # a name with its government's head after it, then 一道
    "governor-along": "企业家代表共同上台，与袁立军省长一道启动了仪式。",
    # 历届 before a body: a former post, as 原 is; a numbered term (十二届) is as often the sitting one
    "past-terms": "天水市麦积区召开会议。历届区政协主席张立录、杨立祥出席，十二届区政协主席孙立伟主持会议。",
    # a firm's legal name right after a group is the group's subsidiary; 参事 is a government post
    # an election's later clauses (，乙为秘书长，丙、丁为常务委员) go on with its body; a rare surname in a
    # list of names before 为/及 is a name too (释宽立, 黑树立)
    "election-clauses": "会议选举张立凤为政协远山区第八届委员会副主席，赵立平为秘书长，王立红、李立成、释宽立为常务委员。",
    "list-then-and": "榆林市政协召开会议。市政协主席薛立涛主持，副主席张立曙、申立生、黑树立及秘书长任立林参加。",
    # a place and 领导 before names is one collective title, the place's leaders
    "place-leaders": "广西壮族自治区领导王立安、李立辉、陈立良等参加会见。重庆铁路投资集团总经理李立刚，重庆经开区领导王立华出席。",
    # a group named 发展集团 gives no core 发展 to the page: 发展改革委 stays a bureau
    "generic-core": "深圳市政府秘书长曾立、发展改革委副主任郭立华、住房建设局副巡视员钟立鸿参加会谈。中海企业发展集团行政总裁张立超介绍了计划。",
    # 其他常委分别是甲、乙: the title, then its holders, of the party committee named before; 新任 is no
    # part of a body
    "title-then-names": "2016年11月，中国共产党安徽省第十届委员会举行第一次全体会议。李立斌当选省委书记。其他常委分别是唐立沛、吴立荣。",
    "new-post": "新任陕西省人民政府副省长王立向宪法宣誓。",
    # a people's congress's committee written right after it is one body, its organ
    "congress-organ": "浙江省人大常委会召开会议。会议决定：任命谢立群为省人大常委会预算工作委员会主任。",
    # the group a discipline commission posts in a department; a rank after the list's head is of its body
    "dispatched-group": "蚌埠市统计局召开会议。市纪委监委驻市发改委纪检监察组组长乐立发、副组长邢立发，市统计局副局长杜立花、二级调研员刘立新参加。",
    # a governor and a secretary cited by name, the title after the name
    "cited-by-name": "吉林省召开会议。要按照张立鲁书记“五个筑牢”和景立海省长“五个毫不松懈”的要求，落实防控措施。",
    # 行政长官 is the SAR government's; a bare bureau on a SAR page is the SAR government's, and a
    # bureau named for two fields keeps both (政策研究和区域发展局)
    "sar": "澳门特别行政区举行会面。行政长官崔立安会见客人，参加会面的还包括政策研究和区域发展局局长米立，新闻局局长陈立平。",
    # a central group's numbered engineering bureau is an enterprise; directors listed after a firm
    "soe-bureau": "济南市委书记会见了中建八局党委书记、董事长李立明一行。汇丰控股集团非执行董事施立仁、苗立婷，风险管理总监缪立成出席。",
    # a name before 同志 is a person (路 + 正阳 is no county), and a removal names the post right after it
    "comrade-removed": "涉县人大常委会召开会议。会议免除路正阳同志常务副县长一职，任命邢立晟同志为县政府副县长。",
    # 甲、乙等X组成人员共27人: a head count of all named, who keep the title before the list
    "head-count": "佛冈县人大常委会召开会议。县人大常委会副主任蓝立禄、范立宁、朱立付等县人大常委会组成人员共27人出席了会议。",
    # Taiwan's central bodies, their spokesmen and a 政务 deputy
    "taiwan-bodies": "行政院发言人徐立勇宣布人事异动，由总统府秘书长吴立燮接任外交部长，国家安全局政务副局长郭立信出席，陆委会主委陈立通发言。",
    # the bare bodies of a street office's officials after the street committee the sentence named
    "street-officials": "嘉定区副区长刘立明赴城东街道调研。城东街道党工委书记、人大工委主任王立新，党工委副书记、办事处主任李立强参加调研。",
    # 巿 (U+5DFF) misprinted for 市
    "lookalike-city": "莆田巿召开会议。巿委书记林立华出席会议，巿长陈立明讲话。",
    # a Mongolian name the NER cuts short, after its titles
    "mongolian-name": "鄂尔多斯市政协召开会议。市委常委、统战部部长、市政协党组副书记布仁其木格，市委常委、副市长刘立云出席会议。",
    # an election's post is the elected one's, not the next name's; an adverb before 当选
    "re-elected": "某市政协召开会议。大会举行选举，王立华再次当选市政协主席，委员李立国当选政协常委。",
    # an enterprise's department named after its head's work, and the departments listed after a post
    "head-office-unit": "北海市委书记王立会见中国华电集团公司总经理李立明一行。集团公司副总经济师杨立朋、总经理工作部副主任袁立刚、计划发展部副主任田立宝参加会见。",
    # a nominee for a post in a session (主席提名人选) holds the nomination as its title, in the post's body
    "nominee": "科尔沁右翼前旗政协召开常委会议。旗政协党组书记、主席提名人选苏立芳主持会议，旗委常委、副旗长候选人刘立涛出席。",
    # a resignation with its reason between the name and 辞去
    "resigned-for-age": "某省人大常委会召开会议。会议接受宋立宝因任职年龄到限辞去省人大内务司法委员会主任委员职务的请求。",
    # posts held before: 此前担任, 曾任, with the body's party group between body and title
    "held-before": "赵立此前担任甘肃省委常委、宣传部部长。孙立平曾任吉林省政府党组副书记、常务副省长。",
    # an enterprise's 领导 before names: their post in that enterprise
    "firm-leaders": "中国石油化工集团有限公司与天津市举行会谈。中国石化领导凌立群、李立林参加。",
    "group-firm": "正大集团桑田（上海）农业有限公司董事长张立权、安徽省政府参事周立庆出席签约仪式。",
    "taiwan-firms": "台中市表扬绩优厂商。泰立系统科技股份有限公司李定谦特助。中立股份有限公司张仕立课长。和和机械股份有限公司吴立贤总务出席。",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_sentence_pages(tmp_path_factory.mktemp("post-pages"), SENTENCES)


def page(built: BuildResult, name: str) -> Extraction:
    (ex,) = [e for e in built.extractions if e.document.doc_id == name]
    return ex


def posts(built: BuildResult, name: str) -> set[tuple[str, str | None, str]]:
    res = built.resolution
    assert res is not None
    out = set()
    for rel in page(built, name).relations:
        if rel.kind != "membership":
            continue
        member = rel.arg("member")
        assert isinstance(member, Ref)
        key = res.body_key(name, rel)
        out.add((member.text, res.entities[key].name if key else None, str(rel.arg("role"))))
    return out


def test_party_department_after_the_committee(built: BuildResult) -> None:
    assert posts(built, "party-department") == {
        ("张丽君", "中共内乡县委", "常委"), ("张丽君", "中共内乡县委组织部", "部长"),
        ("马建国", "中共内乡县委", "常委"), ("马建国", "中共内乡县委政法委", "书记"),
    }


def test_enterprise_party_unit_after_another_post(built: BuildResult) -> None:
    assert posts(built, "company-party-unit") == {
        ("王立明", "河南远航机械有限公司", "董事长"), ("王立明", "河南远航机械有限公司党委", "书记"),
    }


def test_bodies_missed_before_their_titles(built: BuildResult) -> None:
    assert posts(built, "union") == {("陈立国", "濮阳县总工会", "主席"), ("石红梅", "濮阳县卫健委", "二级调研员")}
    assert posts(built, "supervision") == {("王晓东", "清丰县纪委", "书记"), ("王晓东", "清丰县监委", "主任")}
    assert posts(built, "committee-office") == {("吕东升", "中共南乐县委", "常委"), ("吕东升", "中共南乐县委办", "主任")}
    union = [m for m in page(built, "union").mentions if m.text == "县总工会"]
    assert [m.label for m in union] == ["ORG"]


def test_street_office_committee_and_office(built: BuildResult) -> None:
    assert posts(built, "street") == {("孙海波", "东关街道党工委", "书记"), ("孙海波", "东关街道办事处", "主任")}


def test_bare_street_bodies_of_the_street_the_page_names(built: BuildResult) -> None:
    assert posts(built, "bare-street") == {("杭立勇", "上海路街道党工委", "书记"), ("罗立平", "上海路街道办事处", "主任")}


def test_a_bare_suffix_is_no_body(built: BuildResult) -> None:
    assert not [m for m in page(built, "bare-office").mentions if m.text == "办事处"]
    assert posts(built, "bare-office") == set()


def test_assistant_titles(built: BuildResult) -> None:
    assert posts(built, "assistant") == {("王永刚", "范县政府", "县长助理"), ("李欣", "清河银行股份有限公司", "行长助理")}
    assert title_lexicon().head_of("总经理助理") == "总经理"
    assert title_lexicon().implied_body("县长助理") == "县政府"


def test_bare_head_of_the_body_named_before(built: BuildResult) -> None:
    assert posts(built, "bare-head") == {
        ("杜新民", "汤阴县自然资源局", "局长"), ("孙丽", "汤阴县自然资源局", "副局长"), ("王强", "汤阴县自然资源局", "副局长"),
    }


def test_bureau_with_its_title_cut(built: BuildResult) -> None:
    assert posts(built, "bureau-title") == {("王立华", "修武县教育局", "局长")}


def test_posts_in_brackets_after_a_name(built: BuildResult) -> None:
    assert posts(built, "brackets") == {("冯志刚", "中共内黄县委", "书记")}
    assert posts(built, "no-title") == set()


def test_lexicon_of_list_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "titles.jsonl"
    bad.write_text('{"kind": "head", "text": "局长", "of": "局"}\n', encoding="utf-8")
    with pytest.raises(ModelError, match=r"titles.jsonl:1: 'of' must be a list"):
        read_lexicon(bad)
    good = tmp_path / "good.jsonl"
    good.write_text('{"kind": "head", "text": "局长", "of": ["局"]}\n{"kind": "suffix", "text": "助理"}\n', encoding="utf-8")
    lexicon = read_lexicon(good)
    assert lexicon.heads_body("副局长", "某某县水利局") and not lexicon.heads_body("局长", "某某中心")
    assert lexicon.head_of("局长助理") == "局长"


def test_government_body_before_its_party_group_is_no_enterprise(built: BuildResult) -> None:
    assert posts(built, "congress-party-group") == {("周明", "获嘉县政协党组", "书记"), ("周明", "获嘉县政协", "主席")}
    assert "县政协" not in [m.text for m in page(built, "congress-party-group").mentions if m.label == "COMPANY"]


def test_enterprise_committee_after_another_post(built: BuildResult) -> None:
    assert posts(built, "company-committee") == {
        ("孙立伟", "东方电网远通供电公司", "总经理"), ("孙立伟", "东方电网远通供电公司党委", "副书记"),
    }


def test_school_and_university_heads(built: BuildResult) -> None:
    assert posts(built, "schools") == {
        ("张强", "中共偃师区委", "副书记"), ("张强", "偃师区政府", "区长"), ("张强", "中共偃师区委党校", "校长"),
        ("钱文", "偃师区政府", "副区长"), ("钱文", "北方农业大学", "教授"),
    }


def test_shi_fu_before_a_contracted_post(built: BuildResult) -> None:
    assert posts(built, "shi-fu") == {("廖立川", "台中市政府消防局", "局长")}


def test_heads_that_need_their_body(built: BuildResult) -> None:
    assert posts(built, "in-charge") == {("张伟", "汝州市农业农村局", "副局长")}
    assert not title_lexicon().bodyless("政委") and title_lexicon().bodyless("副县长")
    assert "负责人" not in title_lexicon().heads


def test_task_groups_before_their_heads(built: BuildResult) -> None:
    assert posts(built, "task-group") == {("王刚", "河南省委第三巡视组", "组长"), ("刘明", "开封市“百村帮扶”第二指导组", "组长")}


def test_first_secretary_of_a_party_committee(built: BuildResult) -> None:
    assert ("王刚", "获嘉县人武部党委", "第一书记") in posts(built, "first-secretary")


def test_bare_head_of_the_body_the_sentence_before_names(built: BuildResult) -> None:
    assert posts(built, "sentence-before") == {
        ("王立", "安阳市人大常委会", "主任"), ("李明", "安阳市人大常委会", "副主任"), ("张华", "安阳市人大常委会", "副主任"),
    }


def test_visit_verb_ends_a_meeting_name(built: BuildResult) -> None:
    assert posts(built, "visit-meeting") == {("李立明", "商丘市政府", "市长")}
    assert not [m for m in page(built, "visit-meeting").mentions if m.label == "MEETING" and "来到" in m.text]


def test_notice_clauses_and_elected_lists(built: BuildResult) -> None:
    assert posts(built, "election") == {("李明", "西平县政府", "县长"), ("王刚", "西平县人大常委会", "副主任")}
    assert posts(built, "elected-list") == {
        ("张伟", "中共上蔡县委", "书记"), ("李强", "中共上蔡县委", "副书记"), ("赵明", "中共上蔡县委", "副书记"),
    }
    rules = {rel.arg("member").text: rel.evidence.rule for rel in page(built, "elected-list").relations  # type: ignore[union-attr]
             if rel.kind == "membership"}
    assert rules == {"张伟": "notice:elect", "李强": "notice:elect", "赵明": "notice:elect"}


def test_party_department_missed_by_the_model(built: BuildResult) -> None:
    assert posts(built, "department-missed") == {("高明", "中共遂平县委", "常委"), ("高明", "中共遂平县委组织部", "部长")}


def test_a_body_after_a_comma_starts_a_new_post(built: BuildResult) -> None:
    assert posts(built, "comma-body") >= {
        ("李正兰", "河南远航重工有限公司党委", "书记"), ("李正兰", "河南远航重工有限公司", "董事长"),
    }
    assert "河南远航重工有限公司" in [m.text for m in page(built, "comma-body").mentions if m.label == "COMPANY"]


def test_enterprise_missed_before_an_enterprise_post(built: BuildResult) -> None:
    assert posts(built, "enterprise-missed") == {("梁建国", "上海星联智远新材料产业集团", "合伙人")}


def test_short_form_and_bare_committees_of_a_zone_named_in_full(built: BuildResult) -> None:
    assert posts(built, "unknown-zone") == {
        ("王立", "宜州临江经开区党工委", "书记"), ("张华", "宜州临江经开区管委会", "主任"), ("李明", "宜州临江经开区管委会", "副主任"),
    }
    res = built.resolution
    assert res is not None
    assert not [u for u in res.unresolved if u.doc_id == "unknown-zone" and u.surface == "管委会"]


def test_enterprise_news_posts(built: BuildResult) -> None:
    assert posts(built, "name-then-post") == {
        ("王立", "远航重工有限公司", "董事长"), ("张华", "远航重工有限公司", "总经理"), ("郁亮", "万科", "董事长"),
    }
    labels = {m.text: m.label for m in page(built, "name-then-post").mentions}
    assert labels["王立"] == "PERSON" and labels["万科"] == "COMPANY"
    assert posts(built, "company-units") == {
        ("李强", "远航重工有限公司党委", "副书记"), ("李强", "远航重工有限公司纪委", "书记"), ("李强", "远航重工有限公司工会", "主席"),
    }
    assert posts(built, "group-leaders") == {
        ("王立", "远航重工集团有限公司党委", "书记"), ("王立", "远航重工集团有限公司", "董事长"),
        ("孙明", "远航重工集团有限公司", "总裁助理"),
    }


def test_congress_party_group_and_court_posts(built: BuildResult) -> None:
    assert posts(built, "congress-group") == {
        ("王立", "获嘉县人大常委会", "主任"), ("张华", "获嘉县人大常委会", "副主任"), ("赵强", "获嘉县人大常委会党组", "成员"),
        ("吴兰", "获嘉县法院", "审判员"),  # 县人民法院 = 县法院, one court (as 人民政府 is 政府)
    }


def test_unit_head_written_once_and_council_speaker(built: BuildResult) -> None:
    assert posts(built, "unit-head") == {("张大春", "台中市政府经发局", "局长"), ("康裕成", "高雄市议会", "议长")}
    assert not [m for m in page(built, "unit-head").mentions if m.label == "MEETING"]


def test_office_of_the_body_the_chain_holds(built: BuildResult) -> None:
    assert posts(built, "offices") == {
        ("王立", "滑县政府", "副秘书长"), ("王立", "滑县政府办公室", "主任"),
        ("李明", "滑县政协", "副主席"), ("李明", "滑县政协办公室", "主任"),
    }
    assert posts(built, "general-office") == {("周立新", "湖北省政协", "副秘书长"), ("周立新", "湖北省政协办公厅", "主任")}


def test_village_and_community_bodies(built: BuildResult) -> None:
    assert posts(built, "village") == {
        ("王立", "樊村党支部", "书记"), ("王立", "樊村村委会", "主任"), ("李红", "城关镇西街社区党委", "书记"),
    }


def test_party_unit_of_the_enterprise_named_before(built: BuildResult) -> None:
    assert posts(built, "company-before") == {("王立", "远航重工有限公司党委", "书记"), ("王立", "远航重工有限公司", "董事长")}


def test_congress_deputy(built: BuildResult) -> None:
    assert posts(built, "deputy") == {("李四", "河南省人大", "代表"), ("李四", "远航重工有限公司", "董事长")}


def test_prefecture_and_banner_bodies(built: BuildResult) -> None:
    assert posts(built, "prefecture") == {
        ("王立", "中共恩施州委", "书记"), ("李明", "中共恩施州委", "副书记"), ("李明", "恩施州政府", "州长"),
    }
    assert posts(built, "banner") == {
        ("王立", "中共达拉特旗委", "书记"), ("李明", "中共达拉特旗委", "副书记"), ("李明", "达拉特旗政府", "旗长"),
    }


def test_autonomous_region_chairman(built: BuildResult) -> None:
    assert posts(built, "region") == {("李明", "广西壮族自治区政府", "副主席"), ("王华", "广西壮族自治区政协", "副主席")}


def test_more_heads_of_the_lexicon(built: BuildResult) -> None:
    assert posts(built, "more-heads") == {
        ("李明", "远航重工有限公司", "董事会秘书"), ("张华", "远航重工有限公司", "创始人"),
        ("赵刚", "宜阳县政府", "督学"),
    }


def test_body_named_by_its_unit_alone(built: BuildResult) -> None:
    assert posts(built, "unit-anaphor") == {
        ("王立", "宜阳县人社局党组", "书记"), ("王立", "宜阳县人社局", "局长"),
        ("张华", "宜阳县人社局党组", "成员"), ("张华", "宜阳县人社局", "副局长"),
    }
    assert posts(built, "hospital") == {("王立", "宜阳县人民医院党委", "书记"), ("张华", "宜阳县人民医院", "院长")}


def test_courts_named_as_written(built: BuildResult) -> None:
    assert posts(built, "courts") == {("郑涛", "嵩县法院", "院长"), ("冯军", "嵩县检察院", "检察长")}


def test_space_between_title_and_name(built: BuildResult) -> None:
    assert posts(built, "spaced") == {("王立", "中共嵩县县委", "书记"), ("张华", "嵩县政府", "县长")}


def test_note_between_title_and_name(built: BuildResult) -> None:
    assert posts(built, "noted") == {("李明", "中共宜阳县委", "常委"), ("李明", "宜阳县政府", "副县长")}


def test_no_body_borrowed_for_a_name_not_read(built: BuildResult) -> None:
    found = posts(built, "unread-body")
    assert ("王立", "远航重工有限公司", "董事长") in found
    assert not [p for p in found if p[0] in {"林少斌", "赵明"}]


def test_names_listed_after_their_title(built: BuildResult) -> None:
    assert posts(built, "names-open") == {("王立", None, "县领导"), ("张华", None, "县领导"), ("李明", None, "县领导")}


def test_deictic_bodies(built: BuildResult) -> None:
    assert posts(built, "deictic") == {
        ("杜新民", "林州市自然资源局", "局长"), ("孙丽", "林州市自然资源局", "副局长"), ("王立", "远航重工有限公司", "董事长"),
    }


def test_units_of_a_department(built: BuildResult) -> None:
    assert posts(built, "sub-units") == {("张华", "宜阳县公安局交警大队", "大队长"), ("李明", "宜阳县法院民事审判庭", "庭长")}


def test_by_election_and_congress_terms(built: BuildResult) -> None:
    assert posts(built, "by-election") == {("黄立娜", "珠海市人大", "代表")}
    assert posts(built, "term") == {("王立", "房县人大常委会", "副主任")}


def test_names_with_tongzhi_share_the_title(built: BuildResult) -> None:
    assert posts(built, "comrades") == {("王立", "嵩县政府", "副县长"), ("张华", "嵩县政府", "副县长")}


def test_zone_named_by_a_place_and_a_zone_word(built: BuildResult) -> None:
    assert posts(built, "zone-word") == {
        ("张战伟", "济源示范区党工委", "书记"), ("胡五岳", "济源示范区党工委", "副书记"), ("胡五岳", "济源示范区管委会", "主任"),
    }


def test_short_legislator_title(built: BuildResult) -> None:
    assert posts(built, "legislator") == {("林立德", "立法院", "立委")}


def test_numbered_division_and_staff_posts(built: BuildResult) -> None:
    assert posts(built, "division") == {("刘学军", "八师", "副师长"), ("马新平", "八师", "副师长"), ("姜新海", "八师", "总工程师")}


def test_sections_are_part_of_the_title(built: BuildResult) -> None:
    assert posts(built, "sections") == {
        ("杨立民", "远航化工（集团）股份有限公司", "规划部处长"), ("刘宇", "星辰咨询有限公司", "项目经理"), ("陈东", "州政办", "秘书二科副科长"),
    }


def test_corps_division_and_regiment(built: BuildResult) -> None:
    assert posts(built, "regiment") == {
        ("王光明", "第八师", "政委"), ("李新民", "第八师一四〇团", "政委"), ("孔立杰", "第八师一四〇团", "团长"),
        ("赵文华", "第八师一四〇团", "副团长"),
    }
    assert not title_lexicon().heads_body("团长", "远航集团") and title_lexicon().heads_body("副团长", "第八师一四〇团")


def test_enterprise_posts_far_from_the_enterprise_name(built: BuildResult) -> None:
    assert posts(built, "enterprise-news") == {
        ("孟立", "省国资委", "副主任"),  # the page names no province: left as written
        ("许安", "青峰集团党委", "副书记"), ("许安", "青峰集团", "总经理"),
        ("韩东", "青峰集团党委", "副书记"), ("韩东", "青峰集团", "监事会主席"),
        ("罗平", "青峰集团党委", "书记"), ("罗平", "青峰集团", "董事长"),
    }


def test_units_inside_an_organisation_are_part_of_the_title(built: BuildResult) -> None:
    assert posts(built, "enterprise-units") == {
        ("罗平", "青峰集团", "董事局主席"), ("许安", "青峰集团", "金融委员会副主席"), ("韩东", "青峰集团", "市场部总经理"),
        ("陈立", "全国工商业联合会", "会员部处长"),
        ("周明", "青峰集团", "总裁助理"), ("周明", "青峰集团", "华东大区总经理"),
    }


def test_prefecture_bodies_take_its_short_name(built: BuildResult) -> None:
    assert posts(built, "prefecture-short") == {
        ("王立", "中共楚雄州委", "书记"), ("李明", "中共楚雄州委", "副书记"), ("李明", "楚雄州政府", "州长"),
    }
    assert posts(built, "province-short") == {
        ("赵刚", "中共昌吉州委", "常委"), ("赵刚", "昌吉州政府", "常务副州长"), ("孙明", "中共延安市委", "书记"),
    }


def test_park_committees_in_one_chain(built: BuildResult) -> None:
    assert posts(built, "park-committees") == {
        ("韩立", "三亚市数字经济产业园工委", "书记"), ("韩立", "三亚市数字经济产业园管委会", "主任"),
    }


def test_office_of_the_unit_named_before(built: BuildResult) -> None:
    assert posts(built, "unit-office") == {
        ("赵立", "东坡街道党工委", "书记"), ("孙明", "东坡街道办事处", "主任"),
        ("王强", "柳村党支部", "书记"), ("李华", "柳村村委会", "主任"),
    }


def test_description_between_posts_and_name(built: BuildResult) -> None:
    assert posts(built, "description") == {("周立", "渭城区工商联", "主席")}


def test_place_read_as_organisation_scopes_the_page(built: BuildResult) -> None:
    assert posts(built, "place-as-organisation") == {("王立", "中共大丰区委", "书记")}


def test_zone_word_cut_by_the_model(built: BuildResult) -> None:
    assert posts(built, "cut-zone-word") == {("王立", "经开区党工委", "副书记"), ("王立", "经开区管委会", "主任")}


def test_notice_bodies_with_full_names(built: BuildResult) -> None:
    assert posts(built, "notice-full-names") == {("孙立", "安徽省发展和改革委员会", "主任"), ("周明", "县委办公室", "主任")}


def test_profile_current_posts(built: BuildResult) -> None:
    assert posts(built, "profile") == {("赵立", "县委", "常委"), ("赵立", "县委办", "主任"), ("钱明", "远航集团", "总经理")}


def test_bare_committee_in_a_list_of_districts(built: BuildResult) -> None:
    assert posts(built, "listed-districts") == {
        ("张立", "中共翠屏区委", "书记"), ("李华", "中共翠屏区委", "副书记"), ("李华", "翠屏区政府", "区长"),
        ("王强", "中共叙州区委", "书记"),
    }


def test_enterprise_post_after_a_place(built: BuildResult) -> None:
    assert posts(built, "enterprise-then-place") == {("韩立", "远航新材料股份有限公司", "董事长")}


def test_democratic_party_committee_and_county_zone(built: BuildResult) -> None:
    assert posts(built, "party-committee-office") == {("韩立", "民进宜昌市委会办公室", "主任")}
    assert posts(built, "county-zone") == {("王立", "宜阳县工业园区管委会", "主任")}


def test_head_of_the_unit_after_its_party_committee(built: BuildResult) -> None:
    assert posts(built, "unit-after-its-committee") == {("王立", "北方农业大学党委", "书记"), ("张强", "北方农业大学", "校长")}


def test_notice_list_of_clauses(built: BuildResult) -> None:
    assert posts(built, "notice-list") == {("孙立", "县财政局", "局长"), ("周明", "县教育局", "局长"), ("吴刚", "县审计局", "局长")}


def test_taiwan_contracted_heads_and_a_government_section(built: BuildResult) -> None:
    assert posts(built, "taiwan-heads") == {
        ("林立德", "立法院", "院长"), ("王美玲", "经济部", "部长"), ("陈立中", "台北市政府产业处", "处长"),
    }


def test_town_street_and_community_posts(built: BuildResult) -> None:
    assert posts(built, "towns") == {
        ("王立", "白杨镇政府", "镇长"), ("张华", "城关街道办事处", "主任"), ("李明", "城关街道党工委", "副书记"),
        ("赵强", "东关社区党支部", "书记"), ("赵强", "东关社区居委会", "主任"),
    }


def test_bank_branches_and_credit_unions(built: BuildResult) -> None:
    assert posts(built, "branches") == {
        ("王立", "远航银行河南省分行", "行长"), ("张华", "远航银行河南省分行", "副行长"),
        ("李明", "宜阳县农村信用合作联社", "理事长"),
    }


def test_the_byline_paper_places_the_page(built: BuildResult) -> None:
    assert posts(built, "paper-byline") == {("王立", "中共南阳市委", "书记"), ("张华", "南阳市政府", "市长")}


def test_name_before_says_is_cut(built: BuildResult) -> None:
    assert posts(built, "name-then-says") == {("王明", "中共宜阳县委", "书记"), ("李红军", "镇党委", "书记")}


def test_collective_leaders_of_a_zone_or_prefecture(built: BuildResult) -> None:
    assert posts(built, "zone-leaders") == {("吕立", None, "示范区领导"), ("张元明", None, "示范区领导"), ("孙强", None, "州领导")}
    assert posts(built, "two-groups") == set()


def test_committee_of_an_enterprise_written_by_its_short_name(built: BuildResult) -> None:
    assert posts(built, "short-enterprise-committee") == {
        ("赵立", "远航方舟集团有限公司党委", "书记"), ("赵立", "远航方舟集团有限公司", "董事长"),
        ("孙明", "辽宁远帆集团", "董事"), ("孙明", "辽宁远帆集团党委", "书记"),
    }


def test_a_bare_mass_organisation_in_a_county_chain(built: BuildResult) -> None:
    assert posts(built, "bare-union") == {
        ("张立国", "宜阳县人大常委会", "副主任"), ("张立国", "中共宜阳县委办", "主任"), ("张立国", "宜阳县总工会", "主席"),
        ("王明", "宜阳县政府", "副县长"),
    }


def test_resignation_and_decision_notices(built: BuildResult) -> None:
    assert posts(built, "resign-and-decide") == {("李建国", "江西省政府", "省长"), ("王强", "江西省政府", "代理省长")}


def test_a_shared_title_over_a_list_with_a_rarer_surname(built: BuildResult) -> None:
    assert posts(built, "shared-list") == {
        ("程国芳", "通山县政协", "副主席"), ("乐有才", "通山县政协", "副主席"), ("吴新明", "通山县政协", "副主席"),
        ("吴建雄", "通山县政协", "秘书长"), ("黄智华", "远航集团", "董事"), ("黄智华", "远航集团", "轮值总裁"),
    }


def test_a_staff_head_after_and_and_a_list_after_a_minority_name(built: BuildResult) -> None:
    assert posts(built, "staff-after-and") == {
        ("马淑洁", "黑龙江省人大常委会", "副主任"), ("李希明", "黑龙江省人大常委会", "副主任"), ("傅立文", "黑龙江省人大常委会", "秘书长"),
    }
    assert posts(built, "list-after-minority-name") == {("巴桑罗布", "芦淞区政府", "副区长"), ("林涛", "芦淞区政府", "副区长")}


def test_a_department_written_with_no_place_is_the_page_s_place_s(built: BuildResult) -> None:
    assert posts(built, "bare-department") == {
        ("王立", "宜阳县财政局", "局长"), ("张强", "宜阳县教育局", "副局长"), ("李明", "国土宜阳分局", "局长"),
    }


def test_a_banner_s_government_written_bare_inside_a_chain(built: BuildResult) -> None:
    assert posts(built, "banner-bare-government") == {
        ("张立", "中共乌审旗委", "书记"), ("王强", "中共乌审旗委", "副书记"), ("王强", "乌审旗政府", "旗长"),
        ("王立", "中共乌审旗委", "常委"), ("王立", "乌审旗政府党组", "副书记"), ("王立", "乌审旗政府", "副旗长"),
        ("李明", "乌审旗政府", "副旗长"),
    }


def test_an_enterprise_s_functional_directors(built: BuildResult) -> None:
    assert {("赵立", "远航集团", "市场开发总监"), ("钱明", "远航集团", "技术总监"),
            ("孙强", "远航集团", "首席运营官")} <= posts(built, "functional-directors")


def test_a_name_joined_by_he_to_a_county_body(built: BuildResult) -> None:
    assert posts(built, "he-before-body") == {("傅立", "永丰县人大常委会", "主任"), ("黄立军", "永丰县人大常委会", "副主任"), ("邓立华", "永丰县人大常委会", "副主任")}


def test_a_count_of_the_names_before_tongzhi_in_a_notice(built: BuildResult) -> None:
    assert posts(built, "counted-names") == {(name, "永丰县监察委员会", "委员") for name in ("吕立", "李立庚", "李立群")}


def test_the_one_town_a_page_names_holds_its_bare_bodies(built: BuildResult) -> None:
    found = posts(built, "town-no-county")
    assert {("梁立兴", "青塘镇党委", "书记"), ("陈立清", "青塘镇政府", "镇长")} <= found
    assert {person for person, _, _ in found} == {"陶立", "梁立兴", "陈立清"}


def test_a_federation_before_a_party_post_and_a_ceo(built: BuildResult) -> None:
    assert posts(built, "federation") == {("王立汉", "上海市工商联党组", "书记"), ("张立磊", "长宁区工商联党组", "书记"),
                                          ("雷立", "远航信息技术有限公司", "CEO")}
    (ex,) = [e for e in built.extractions if e.document.doc_id == "federation"]
    assert not [m.text for m in ex.mentions if m.label == "COMPANY" and "工商联" in m.text]


def test_a_county_councillor_sits_in_the_county_s_council(built: BuildResult) -> None:
    assert posts(built, "county-councillor") == {("许立华", "南投县政府", "县长"), ("林立旸", "南投县议会", "议员"),
                                                 ("张立哲", "南投市政府", "市长")}


def test_a_cppcc_named_with_its_term_and_its_elected_heads(built: BuildResult) -> None:
    assert posts(built, "cppcc-election") == {("李立禧", "四川省政协", "主席"), ("晏立和", "四川省政协", "副主席"),
                                              ("张立东", "四川省政协", "副主席"), ("王立声", "全国政协", "主席")}


def test_rare_surnames_in_a_list_of_names_are_names(built: BuildResult) -> None:
    assert posts(built, "rare-names-list") == {(name, "杭锦旗政协", "副主席") for name in ("郝立平", "李文丽", "奇立", "巴图孟和")}


def test_the_four_bodies_leaders_are_a_title_with_no_body(built: BuildResult) -> None:
    assert posts(built, "four-leaders") == {(name, None, "县四大家领导") for name in ("吴立明", "陈立华", "刘立强")}


def test_a_coming_delegation_is_not_the_page_s_place(built: BuildResult) -> None:
    assert posts(built, "host-delegation") == {
        ("张立新", "中共崇阳县委", "书记"), ("李立华", "中共崇阳县委", "副书记"), ("李立华", "崇阳县政府", "县长"),
        ("王立平", "中共通城县委", "书记"), ("赵立刚", "中共通城县委", "副书记"), ("赵立刚", "通城县政府", "县长")}


def test_a_township_government_before_its_heads_in_a_notice(built: BuildResult) -> None:
    assert posts(built, "township-election") == {
        ("李立远", "归仁乡政府", "乡长"), ("王立超", "归仁乡政府", "副乡长"), ("杨立", "归仁乡政府", "副乡长"),
        ("颜立磊", "归仁乡政府", "副乡长"), ("谢立", "归仁乡人大", "主席")}


def test_bare_group_words_are_one_page_local_group(built: BuildResult) -> None:
    res = built.resolution
    assert res is not None
    keys = {res.body_key("bare-group", rel) for rel in page(built, "bare-group").relations if rel.kind == "membership"}
    assert len(keys) == 1
    (key,) = keys
    assert key is not None and key.endswith("@bare-group") and res.entities[key].name == "集团"
    # a bare 政府 no place resolved is its page's own government, not one node for every page's 政府
    assert str(res.refs.get(("township-election", "GOV", "政府"))).endswith("@township-election")


def test_a_firm_a_name_and_a_title_in_a_taiwan_release(built: BuildResult) -> None:
    assert posts(built, "taiwan-firms") == {("李定谦", "泰立系统科技股份有限公司", "特助"), ("张仕立", "中立股份有限公司", "课长"),
                                            ("吴立贤", "和和机械股份有限公司", "总务")}


def test_the_county_s_discipline_commission_and_its_one_zone(built: BuildResult) -> None:
    assert posts(built, "discipline-zone") == {("王立利", "中共莒南县委", "常委"), ("王立利", "莒南县纪委", "书记"),
                                               ("杨立军", "莒南县经济开发区管委会", "主任")}


def test_latin_letters_before_a_body_and_a_cppcc_standing_committee(built: BuildResult) -> None:
    assert posts(built, "garbled-body") == {("杨立典", "竹溪县政协", "副主席"), ("殷立山", "竹溪县政协", "副主席")}
    res = built.resolution
    assert res is not None
    assert res.entities[res.refs[("garbled-body", "GOV", "政协竹溪县第十届委员会常务委员会")]].name == "竹溪县政协常委会"


def test_the_place_before_a_contracted_title_is_its_department_s(built: BuildResult) -> None:
    assert posts(built, "place-before-contracted") == {("张立勇", "天津市国资委", "主任"), ("胡立东", "庆阳市工信局", "局长")}


def test_posts_named_after_their_holders_former_posts_and_courts(built: BuildResult) -> None:
    assert posts(built, "held-by") == {
        ("黄立军", None, "执行主席"), ("何立光", None, "执行主席"), ("谢立", None, "区领导"), ("王志立", None, "区领导"),
        ("米立林", "渝北区人大常委会", "原主任"), ("熊立全", "渝北区法院", "院长"), ("王立", "渝北区法院", "副院长")}


def test_a_new_district_s_party_committee(built: BuildResult) -> None:
    assert posts(built, "new-district") == {("张立钢", "中共滨海新区区委", "常委")}


def test_a_group_s_subsidiary_named_with_an_ordinal(built: BuildResult) -> None:
    assert ("刘立扬", "五矿二十三冶建设集团第四工程有限公司", "董事长") in posts(built, "subsidiary")


def test_an_anaphor_before_a_post_names_the_body_before_it(built: BuildResult) -> None:
    assert posts(built, "anaphor") == {("林立诚", "香港中华总商会", "会长"), ("陈立文", "香港中华总商会", "副会长"),
                                       ("黄立强", "香港中华总商会", "副会长"), ("王立明", "鸿立科技有限公司", "董事长")}


def test_a_bare_department_s_party_group_is_the_page_s_place_s(built: BuildResult) -> None:
    assert posts(built, "department-group") >= {("王立刚", "鹤壁市商务局党组", "书记"), ("王立刚", "鹤壁市商务局", "局长")}


def test_the_general_secretary_after_his_name(built: BuildResult) -> None:
    assert posts(built, "general-secretary") == {("习近平", "中共中央", "总书记")}


def test_a_meeting_verb_after_a_name_is_no_summit(built: BuildResult) -> None:
    assert ("刘立峰", "书记") in {(p[0], p[2]) for p in posts(built, "meets")}
    assert not any(ev.label.endswith("峰会") for ev in page(built, "meets").events)


def test_an_enterprise_whose_party_secretary_chairs_it(built: BuildResult) -> None:
    ex = page(built, "firm-unit")
    assert "中原建投" in {m.text for m in ex.mentions if m.label == "COMPANY"}
    assert ("赵立民", "中原建投", "董事长") in posts(built, "firm-unit")


def test_a_session_s_presidium_holds_its_chairs(built: BuildResult) -> None:
    assert posts(built, "presidium") == {("林立华", "远山省第九届人民代表大会第三次会议主席团", "常务主席"),
                                         ("林立华", "远山省第九届人民代表大会第三次会议主席团", "执行主席")}


def test_a_removal_names_the_person_before_the_place_of_the_body(built: BuildResult) -> None:
    assert posts(built, "removal") == {("卢立椿", "鹤壁市政府", "副市长"), ("卢立椿", "鹤壁市公安局", "局长")}


def test_a_staff_post_after_and_is_of_the_list_s_body(built: BuildResult) -> None:
    held = {(person, title) for person, body, title in posts(built, "and-secretary") if body and body.endswith("人大常委会")}
    assert ("张立际", "秘书长") in held and ("雍立文", "副主任") in held


def test_a_governor_named_before_his_title_then_along(built: BuildResult) -> None:
    assert ("袁立军", "省长") in {(p[0], p[2]) for p in posts(built, "governor-along")}


def test_past_terms_before_a_body_mark_a_former_post(built: BuildResult) -> None:
    assert posts(built, "past-terms") == {("张立录", "麦积区政协", "历届主席"), ("杨立祥", "麦积区政协", "历届主席"),
                                          ("孙立伟", "麦积区政协", "主席")}


def test_a_group_before_a_firm_s_legal_name_and_a_counsellor(built: BuildResult) -> None:
    assert ("张立权", "正大集团桑田（上海）农业有限公司", "董事长") in posts(built, "group-firm")
    assert ("周立庆", "安徽省政府", "参事") in posts(built, "group-firm")


def test_an_election_s_later_clauses_go_on_with_its_body(built: BuildResult) -> None:
    held = posts(built, "election-clauses")
    assert {("赵立平", "秘书长"), ("王立红", "常务委员"), ("李立成", "常务委员"), ("释宽立", "常务委员")} <= {(p[0], p[2]) for p in held if p[1]}
    assert len({p[1] for p in held}) == 1


def test_a_rare_surname_in_a_list_before_and(built: BuildResult) -> None:
    assert ("黑树立", "榆林市政协", "副主席") in posts(built, "list-then-and")


def test_a_place_before_leaders_is_one_collective_title(built: BuildResult) -> None:
    held = posts(built, "place-leaders")
    assert {("王立安", None, "广西壮族自治区领导"), ("李立辉", None, "广西壮族自治区领导"), ("王立华", None, "重庆经开区领导")} <= held


def test_a_generic_group_core_is_not_propagated(built: BuildResult) -> None:
    """发展集团 gives no core 发展; 企业 before 发展集团 is inside the name; 行政总裁 is an enterprise head;
    the words of a bureau's name before the model's 建设局 are the bureau's."""
    held = posts(built, "generic-core")
    assert {("郭立华", "深圳市发展改革委", "副主任"), ("张立超", "中海企业发展集团", "行政总裁"),
            ("钟立鸿", "深圳市住房建设局", "副巡视员")} <= held


def test_a_title_then_its_holders_and_a_new_post(built: BuildResult) -> None:
    assert {("唐立沛", "中共安徽省委", "常委"), ("吴立荣", "中共安徽省委", "常委")} <= posts(built, "title-then-names")
    assert posts(built, "new-post") == {("王立", "陕西省政府", "副省长")}


def test_a_congress_s_organ_is_one_body(built: BuildResult) -> None:
    assert ("谢立群", "浙江省人大常委会预算工作委员会", "主任") in posts(built, "congress-organ")


def test_a_dispatched_discipline_group_and_a_rank_after_the_list_s_head(built: BuildResult) -> None:
    held = posts(built, "dispatched-group")
    assert {("乐立发", "蚌埠市纪委监委驻市发改委纪检监察组", "组长"), ("邢立发", "蚌埠市纪委监委驻市发改委纪检监察组", "副组长"),
            ("刘立新", "蚌埠市统计局", "二级调研员")} <= held


def test_a_secretary_and_a_governor_cited_by_name(built: BuildResult) -> None:
    held = posts(built, "cited-by-name")
    assert ("景立海", "吉林省政府", "省长") in held
    assert ("张立鲁", None, "书记") in held


def test_a_special_administrative_region_s_government_and_bureaus(built: BuildResult) -> None:
    held = posts(built, "sar")
    assert {("崔立安", "澳门特别行政区政府", "行政长官"), ("陈立平", "澳门特别行政区政府新闻局", "局长")} <= held
    assert any(p[0] == "米立" and p[1] and p[1].endswith("政策研究和区域发展局") for p in held)


def test_a_central_group_s_engineering_bureau_and_a_firm_s_directors(built: BuildResult) -> None:
    held = posts(built, "soe-bureau")
    assert {("李立明", "中建八局", "董事长"), ("李立明", "中建八局党委", "书记"), ("施立仁", "汇丰控股集团", "非执行董事"),
            ("苗立婷", "汇丰控股集团", "非执行董事"), ("缪立成", "汇丰控股集团", "风险管理总监")} <= held


def test_an_enterprise_s_leaders_hold_a_post_in_it(built: BuildResult) -> None:
    held = posts(built, "firm-leaders")
    assert {("凌立群", "中国石油化工集团有限公司", "领导"), ("李立林", "中国石油化工集团有限公司", "领导")} <= held


def test_a_name_before_comrade_and_the_post_a_removal_names(built: BuildResult) -> None:
    held = posts(built, "comrade-removed")
    assert ("路正阳", "涉县政府", "常务副县长") in held
    assert ("邢立晟", "涉县政府", "副县长") in held


def test_a_head_count_after_a_list_is_no_rank_of_the_others(built: BuildResult) -> None:
    held = posts(built, "head-count")
    assert {("蓝立禄", "佛冈县人大常委会", "副主任"), ("范立宁", "佛冈县人大常委会", "副主任"),
            ("朱立付", "佛冈县人大常委会", "副主任")} <= held
    assert not any(p[2] == "组成人员" for p in held)


def test_taiwan_s_central_bodies_spokesmen_and_political_deputies(built: BuildResult) -> None:
    held = posts(built, "taiwan-bodies")
    assert {("徐立勇", "行政院", "发言人"), ("吴立燮", "总统府", "秘书长"), ("郭立信", "国家安全局", "政务副局长"),
            ("陈立通", "行政院大陆委员会", "主委")} <= held


def test_a_street_office_s_bare_bodies_are_the_street_s(built: BuildResult) -> None:
    held = posts(built, "street-officials")
    assert {("王立新", "城东街道党工委", "书记"), ("王立新", "城东街道人大工委", "主任"), ("李立强", "城东街道党工委", "副书记"),
            ("李立强", "城东街道办事处", "主任")} <= held
    assert not any(p[1] and p[1].startswith("嘉定区") and p[0] != "刘立明" for p in held)
    assert ("王立新", "城东街道党工委", "副书记") not in held


def test_a_lookalike_misprint_of_the_city_character(built: BuildResult) -> None:
    held = posts(built, "lookalike-city")
    assert {("林立华", "中共莆田市委", "书记"), ("陈立明", "莆田市政府", "市长")} <= held


def test_a_mongolian_name_the_model_cuts_short(built: BuildResult) -> None:
    held = posts(built, "mongolian-name")
    assert {("布仁其木格", "中共鄂尔多斯市委统战部", "部长"), ("布仁其木格", "鄂尔多斯市政协党组", "副书记")} <= held
    assert not any(p[0] == "布仁其" for p in held)


def test_an_elected_post_is_not_the_next_name_s(built: BuildResult) -> None:
    held = posts(built, "re-elected")
    assert any(p[0] == "王立华" and p[2] == "主席" for p in held)
    assert not any(p[0] == "李立国" and p[2] == "主席" for p in held)


def test_an_enterprise_department_named_after_its_head(built: BuildResult) -> None:
    held = posts(built, "head-office-unit")
    roles = {p[2] for p in held if p[0] == "袁立刚"}
    assert roles == {"总经理工作部副主任"}
    assert {p[1] for p in held if p[0] in ("袁立刚", "田立宝")} == {p[1] for p in held if p[0] == "杨立朋"}
    assert any(p[0] == "田立宝" and p[2] == "计划发展部副主任" and p[1] for p in held)


def test_posts_held_before(built: BuildResult) -> None:
    held = posts(built, "held-before")
    assert {("赵立", "中共甘肃省委", "常委"), ("赵立", "中共甘肃省委宣传部", "部长"), ("孙立平", "吉林省政府党组", "副书记"),
            ("孙立平", "吉林省政府", "常务副省长")} <= held


def test_a_nominee_holds_the_nomination_in_the_post_s_body(built: BuildResult) -> None:
    held = posts(built, "nominee")
    assert {("苏立芳", "科尔沁右翼前旗政协党组", "书记"), ("苏立芳", "科尔沁右翼前旗政协", "主席提名人选"),
            ("刘立涛", "科尔沁右翼前旗政府", "副旗长候选人")} <= held


def test_a_resignation_with_its_reason_names_the_post(built: BuildResult) -> None:
    assert any(p[0] == "宋立宝" and p[2] == "主任委员" and p[1] and p[1].endswith("内务司法委员会") for p in posts(built, "resigned-for-age"))
