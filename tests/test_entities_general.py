"""Issue 11, entities on any page: boundaries after visit verbs, county short forms the page also
writes in full, and model "organisations" that name no one body. Sentences of their own, each
built alone with the shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult
from kg.extract import _refiner
from kg.records import Extraction, Ref
from page_helpers import build_sentence_pages

SENTENCES = {
    # 拜访/到访 before an enterprise are verbs, not part of its name; its posts keep the enterprise
    "visit-verb": "市委书记李明带队到深圳，拜访华光电子科技有限公司党委书记、董事长周海。",
    "visit-verb-2": "副县长王立到访恒达新材料股份有限公司，对接合作项目。",
    # a place's full name whose level character opens the body after it: one body (商丘市 + 市委)
    "place-body": "会议由市委秘书长张立主持，商丘市委常委、政法委书记牛立东，宝丰县政府党组成员王立出席。",
    # a zone the gazetteer lacks, named by a word of its own, written twice; 城乡新区 is no zone
    "named-zone": "师党委书记刘新建赴天北新区调研。刘新建强调，天北新区要加快发展，推动城乡新区建设。",
    # ...but a particle or preposition before 高新区 is no part of its name
    "zone-after-particle": "大会对高新区的发展作了部署，为高新区高质量发展提供保障，为高新区加油。",
    # set phrases hold no place
    "set-phrase": "要以习近平新时代中国特色社会主义思想为指导，深化海峡两岸交流。中国高铁走向世界。",
    # enterprises by trade name in a visit: one each, over a place read inside (华星); an industry is none
    "trade-names": "县长李明走访了华星电子、恒润药业，又来到宏达实业调研。要大力发展数字科技、生物医药等产业。",
    # institutions named by their level (市, 县) and kind: schools, hospitals, people's organisations
    "level-institutions": "市长王强到市第一人民医院、市实验中学调研。县总工会、县科协负责人参加。县长走访了县第二小学。",
    # a wish or a greeting before a body is no part of its name, nor its new term
    "wish-body": "孙立伟表示，衷心祝愿自治区政协全体会议取得圆满成功，衷心祝愿新一届自治区政协更加团结。",
    # villages and communities where a visit goes; 美丽乡村 is no village
    "communities": "县委书记李明到城关镇、王村乡和东街社区调研，走访了张庄村、李家湾村。要推进美丽乡村建设，和美丽乡村一起发展。",
    # parks named in full after their county or city are places, a site read for one too; one named
    # with its level only is the page's county's; 和 before 县 is a conjunction, no 和县
    "parks": "武功县召开会议。县长到蒲城县工业园区、泾阳县物流园区、兴平市食品工业园和县产业园区调研。",
    "he-xian": "安徽省和县召开会议，会议在和县县委举行。园区和县直各部门参加。",
    # a county the model does not read (犍) before its town's body stays a place of its own
    "county-before-town-body": "犍为县龙孔镇人民政府作交流发言。",
    # two bodies the model ran together over 和 (read as the county 和县) are two
    "joined-over-he": "他先后来到县实验小学、阳光幼儿园和县社会福利院。安徽省和县社会福利院也参加。",
    # 为/向 between a name and an enterprise end what came before; 和 inside a name after one character is the name's
    "one-char-boundaries": "县长李立为宏远新材料科技有限公司授牌，并向华兴电子股份有限公司颁发证书，又走访了祥和科技有限公司、中和电气有限公司。其中一家就是远航建设集团有限公司。",
    # a word read before a village (其中) is no part of its name; a name that opens with such a word is (和平村)
    "village-lead": "全镇共有8个行政村，其中柳河村、杨庄村为示范村。县领导还到和平村调研。",
    # 莅临/对 before a trade name, 观摩 after it; 代表 and a person before 就公司 are no part of a name
    "trade-cues": "师政委王立强率团莅临新疆和顺纺织观摩。谢立明对鼎华集团调研组表示欢迎。观摩结束时，王立强就公司二期建设提出要求。刘立田代表集团公司全体员工致辞。",
    # a county's short form on a city's page is a place when the page writes the county in full
    # ... and when the model read it as an organisation (宝丰 beside 宝丰县委)
    "county-org": "平顶山市召开会议，市长张建国讲话，宝丰县委书记王五参加。宝丰要加快发展。",
    "county-short": "平顶山市市长张建国参加汝州市代表团审议。汝州市委书记李为民发言。他说，汝州要加快转型，汝州的发展前景广阔。",
    # a bare 集团 on a page that names a group is that group (page-enterprise); its organs belong to the post
    "bare-group": "县长刘明会见了远航集团董事局主席高峰一行。高峰感谢县委、县政府对集团发展的支持，"
                  "表示集团将扩大投资。远航集团战略委员会副主席、审计委员会副主席孙雷参加。",
    # a 来源 credit names a body or a medium in full, though layout repair runs the next line into it
    "credit-body": "县长调研重点项目\n时间:2023-05-06 来源:县发展和改革委员会\n5月5日，县长王立到园区调研。\n",
    "credit-media": "市长会见客商\n来源:江城日报\n5月5日，市长王立会见客商。\n",
    # the province before a city's body is a place; 布局 is no bureau; a copula is no part of a body
    "province-body": "甘肃省天水市市委副书记、市长李强一行到企业调研。他指出，秦州区产业布局清晰。以下是市商务局局长王平的讲话。",
    # a short form in brackets after an organisation is that organisation wherever it is written
    "bracketed": "县长出席由江城市旅游发展协会（旅发会）主办的活动。他感谢旅发会的努力，希望旅发会继续支持。",
    # lines of business beyond the first list (铝业, 钢铁), wherever the page writes a trade name found once
    "trade-more": "副市长王强一行莅临华瑞铝业调研。华瑞铝业总经理陪同。王强到华瑞铝业二期生产线察看。",
    # an enterprise and a unit of it read as one name; a legal name with a verb before it; a seat in brackets
    "enterprise-unit": "市长到远东机械公司矿山装备研发中心调研，察看远东机械公司新厂区。"
                       "李华和德瑞(苏州)企业管理有限公司项目经理王凯出席。",
    # a town that opens a plant's name is a place of its own
    "town-plant": "考察团先后来到石桥镇清泉水厂、石桥镇石桥村污水处理站。",
    # an enterprise's party unit: its own body before a party post, one name as a subject, and a bare
    # 党委/集团党组 heading the enterprise's chain is the page's enterprise's
    "enterprise-party": "县长会见了海岳集团党委委员、副总裁周立。海岳集团党委理论学习中心组召开会议。"
                        "党委书记、董事长钱华讲话。集团党组成员、副总经理吴平参加。",
    # media named where a page cites them: masthead with its date, 据…报道, a wire's dateline, a
    # reporter's newspaper app, a county's 融媒体中心
    "media": "县长调研企业\n江城网 2023-05-06 10:20:30\n据江城晚报报道，县长王立到企业调研。"
             "江城日报客户端记者 李华\n县融媒体中心 张敏\n",
    "wire": "中华社江城5月6日电 县长王立出席会议。\n",
    # a bank's branch in a place is one enterprise
    "bank-branch": "县长会见了中国农业银行江城分行行长刘强。",
    # a county's short form right after its city or province is a place; 作为 ends a project's name
    "after-parent": "要加强与重庆綦江、四川泸州等地协作。远达集团作为首批入驻园区的企业，发展迅速。",
    # an institution before its party unit and a party post: the institution and the unit
    "institution-party": "江城师范学院党委书记周敏陪同调研。",
    # a bare 开发区 standing alone is a place (the page's zone); a zone's reform is no mention
    "bare-zone": "县长出席仪式，开发区、各乡镇负责人参加。要为整个开发区积蓄动能，推进开发区改革。",
    # a visit cue describing the guest (在…考察…的) is no visit: the guest's enterprise is met, not visited
    "guest-clause": "州委书记李明会见了在江城考察投资环境的远山集团董事长王强一行。",
    # a body's party group before its secretary's post is named with the body; 党组成员 is a title
    "party-group": "市交通局党组书记、局长马林，市政府党组成员、副市长宋涛参加。",
    # a one-character short form of the page's own county where an investment goes
    "one-char": "汝阳县召开招商大会。县长欢迎客商来汝投资，希望企业在汝发展。",
    # the place before a collective 县领导 is a place, and the title stays whole
    "place-leaders": "会上，嵩县领导李明、王芳，栾川县领导赵刚出席。",
    # a short 人大 before its session or before 代表 is no body
    "congress-session": "他指出，县十六届人大三次会议即将召开。会议接受王立辞去市、县人大代表职务的请求，补选市九届人大代表。",
    # a place cut before its level or its zone; a bare 政府 after a committee; 中国式 is no place
    "place-levels": "调研组前往石门镇东城工业园调研，认为汝阳县工业园区条件优越。州党委、政府高度重视。要推进中国式现代化。",
    # the medium of a dateline (X在线…讯, X网驻Y讯) and an account a 来源 line credits are media
    "media-dateline": "来源：海峡风  编辑：张明\n远航在线5月6日讯 近日，县委书记王立到远航镇调研。\n映象网驻马店讯 副县长李强出席。\n本网讯 市长孙立出席。",
    # the particle after a verb of going is no part of the place or site after it
    "particle-before-place": "5月8日上午，考察团先后来到了青山高新区化工园区智慧管控平台、远达光电科技有限公司参观考察。",
    # a project named before an enterprise is no part of its name; a firm that manages projects keeps 项目
    "project-before-enterprise": "观摩团观摩了城南物流园建设项目远航（江西）供应链管理有限公司分拣中心、高新区重点项目安顺精密机械有限公司生产车间。华远建设项目管理有限公司经理周平陪同。",
    # a branch or a factory of an enterprise is one enterprise
    "branch-factory": "东方能源集团有限公司水电分公司党委书记陈立出席会议。",
    # a town the page names in full, written again without its level; a place the model cut before 街道
    "town-short": "市委书记王立赴袁花镇调研。袁花“新材料”产业发展迅速，在袁花，企业发展迅速。区民政局局长李强对南西街道的工作表示肯定。",
    # a district the page names inside a body's name is a place where written alone
    "body-place": "洛阳市老城区委书记赵立到访。公司一直高度重视与老城区的合作。",
    # an enterprise named in full is named again by its trade name without the place before it
    "trade-core": "曹立一行来到浙江罗诗妮新材料有限公司调研。罗诗妮成立于2006年。随后来到海宁市亿康纺织有限公司，亿康纺织是一家护理用品企业。",
    # a congress named with its level and term only (区十六届人大常委会) is one body, the page's place's
    "term-body": "上虞区召开会议。区十六届人大常委会举行第二十六次会议。",
    # a list before 等…企业 whose items hold 企业 is talk about enterprises, not their names (等同 is a word)
    "list-of-topics": "县长王立到恒达科技、远航物流等企业调研，并就企业做大做强、优化企业服务等同企业负责人交流。",
    # a zone's formal name is a zone though written once; a verb before it is no part of it
    "formal-zone": "副市长李涛在大柴湖经济开发区调研，要求加快青龙湾高新技术产业开发区建设，推动经济开发区转型。",
    # who acts for a body (代表) and what an agreement is about (关于…引进) are no part of a name;
    # 各位来宾 are guests, not the city 来宾
    "agreement": "青山县召开签约仪式。副县长陈立代表县人民政府与企业签约，签订关于共同引进远航新能源科技有限公司项目的协议。"
                 "县长向各位来宾表示欢迎，来宾们参观了园区。",
    # a government named formally (人民政府) and plainly (县政府) on one page is one body
    "peoples-government": "会议决定任命张立为南皮县人民政府副县长。县政府县长王强列席会议。",
    # a village where a visit goes is a place, though the model reads a person (李洼村)
    "village-not-person": "周立一行先后来到了天湖村、郑洼村，最后来到了李洼村，与村干部进行了交流。",
    # enterprises described by their trade alone (相关建筑公司, 科技公司) name none
    "trade-only": "副区长张立带队到南村镇走访，先后前往相关建筑公司、科技公司等企业，又到远航物流、华星电子等企业调研。",
    # a list whose other items are enterprises: an item the model read as a person is one too; lists closed
    # by 等公司 and by a count of enterprises (两家企业); a showroom is no department (展厅)
    "enterprise-lists": "区委书记周立首先到华翔翔能、华慧新能源、艾华集团调研。副主任姚立洲走访恒天重工、广安生物两家企业。"
                        "阿尔法、东方果园、国盾量子等公司负责人参加。董立忠深入企业办公场地、对外展厅等地了解情况。",
    # a compound surname before a given name
    "compound-surname": "华瑞公司董事长颛孙宗亮陪同调研。",
    # a bare 集团 (and its 党委) on a page that names no group is that page's own, never a group another
    # page names (this corpus's bare-group page names 远航集团)
    "bare-group-elsewhere": "5月8日，集团党委书记、董事长马立一行到项目调研，集团副总经理汪立陪同。",
    # where an enterprise lies (位于…的) is no part of its name
    "located-enterprise": "副总统一行访视位于彰化县二林镇的远藻生物科技有限公司。",
    # people listed before 等企业家/等企业负责人/等公司负责人 are people, not enterprises of the list
    "people-of-enterprises": "市长到会，王强、李明等公司负责人参加。县长会见了到访的张伟、刘洋等企业负责人。",
    # a trade name the page lists as an enterprise (after 到) is that enterprise where written again
    "listed-trade-name": "区委书记李明到东方碳素、九云科技、李大厨等企业进行实地调研。在九云科技、李大厨等项目工地，李明询问了项目进度。",
    # a dash joins two names; no name runs over it (the model read 园— as an organisation here)
    "dash": "当天，张桂森一行先后走访了宏盛兴工程机械、阳光中科等企业，实地察看了汉侯文创园——南安市工业展示馆与高端装备智造园项目施工现场。",
    # a verb after a comma before an enterprise is no part of it (,介绍了中铁集团发展情况)
    "verb-before-group": "刘立海感谢襄阳市长期以来给予中铁集团的关心和支持,介绍了中铁集团发展情况。",
    # 台企 (a Taiwan-funded firm) describes the enterprise after it
    "taiwan-firm": "江西吉安召开会议，台企柏立（吉安）电子科技有限公司负责人出席。",
    # 等企业家 lists entrepreneurs: people, however the model reads one of the names
    "entrepreneurs": "松滋市召开座谈会，与邓立涛、周立宜、裴德一、杨立春等企业家代表展开交流。",
    # a farmers' cooperative is an enterprise; the village before it is a place, unless it is the
    # village's own collective (股份经济合作社)
    "cooperatives": "镇党委书记王立到刘庄村颖立农业种植专业合作社调研，又走访了宏立果蔬专业合作社。",
    # seventh round: the park an enterprise sits in is no part of its name (在某经开区某产业园B区X有限公司)
    "park-before-firm": "在南溪经开区智能制造产业园B区鼎立（四川）精密材料有限公司，张立一行实地查看生产线。",
    # a trade name with its province's short name and two lines of business, after 在
    "province-trade-names": "在江苏鸿立纺织科技、江苏恒立新材料科技、鑫泽药业，市长李立深入车间察看生产情况。",
    # 局 before 集团 ends no body: 招商局集团 is one enterprise
    "bureau-group": "市委书记与招商局集团董事长王立座谈。王立感谢远山市给予招商局集团的支持。",
    # the level of the page's own place before an enterprise (在县X公司) and a group before 到 are no part of it
    # a group no mention holds, right before a firm's legal name, is part of it; a place before 和 opens a
    # trade name (沈阳和…); 京东方 is no 京东
    "group-and-place-firms": ("市长会见了正大集团桑田（上海）农业有限公司董事长张立权一行。王立一行来到沈阳和世泰钛业有限公司调研。"
                              "京东方将在福清投资。"),
    # an adverb or verb of the clause ends what comes before an enterprise (始终坚持)
    "adverb-before-firm": "他表示，远航投资集团始终坚持服务实体经济。",
    # a bank's branch the model reads as an organisation is an enterprise; a count of listed companies
    # is no part of the last one's name
    "branch-recurs": ("区政府与恒丰银行赤峰分行签订战略合作协议\n12月6日，区政府与恒丰银行赤峰分行举行签约仪式。"
                      "恒丰银行赤峰分行副行长李立民致辞。"),
    "count-after-firm": "省国贸集团控股英特集团、康恩贝、亿利达4家上市公司。",
    # 局面, 局势: words, no bureau (开创强省会建设新局面)
    "no-bureau": "远山市委书记说，奋力开创新时代强省会建设新局面，稳定发展大局势。",
    # an adverb opening a clause makes no trade name of the field after it (持续深化能源、化工等领域)
    "adverb-trade": "希望远山石化有限公司深度参与建设，持续深化能源、化工等领域合作。",
    "level-before-firm": "在县绿立农业发展有限公司，何立了解了生产情况。市调研组到河北易立克机器人科技有限公司调研。",
    # a name the page writes elsewhere, with 来 run into it by the model in the headline, is that name
    "name-and-verb": "何晶来我县调研\n7月23日，市委副书记何晶来到我县调研。在雅鲁河大桥，何晶实地了解了河道管护情况。何晶指出，要加强管护。",
    # an enterprise named in full, then by its short name alone; 有色 of 中国有色集团 is an ordinary word
    "short-form": ("中国晟泰集团有限公司董事长李明一行来访。李明表示，晟泰将持续做好能源保供工作，晟泰与远山的合作源远流长。"
                   "中国有色集团总经理张立出席，有色金属工业发展迅速。希望中冶集团加快发展，中冶将充分发挥优势。"),
    # a group named inside its subsidiary's full name, then alone after 希望 and before 将
    "group-of-subsidiary": "市委书记王立会见了远大集团桑田（上海）农业有限公司董事长张立权一行。王立希望远大集团做好规划，远大集团将依托本地优势。",
    # a bank's branch named in full, then by its place and 分行; a group read once, then written again
    "branch-and-group": ("行政长官贺立会见中国银行澳门分行新任行长李立。他指出该行对澳门分行行长的交接工作非常重视。"
                         "省长王立与远地集团董事长张立良会谈。王立感谢远地集团的支持，希望远地集团充分发挥优势。"),
    # a title before 会见 (the verb, not a 会 body): the name before the title is a person
    "title-before-meeting-verb": "王立明董事长会见李立华一行。双方举行了会谈。",
    # a plant named by its enterprise and its place, on a page that writes the enterprise alone too
    "plant-core": "远立电子郑州厂今天动工，郑州市长李立出席。该厂主要供应远立电子的新品，远立电子表示将扩大投资。",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_sentence_pages(tmp_path_factory.mktemp("entity-pages"), SENTENCES)


def page(built: BuildResult, name: str) -> Extraction:
    (ex,) = [e for e in built.extractions if e.document.doc_id == name]
    return ex


def labelled(built: BuildResult, name: str, label: str) -> list[str]:
    return [m.text for m in page(built, name).mentions if m.label == label]


def test_visit_verbs_are_no_part_of_an_enterprise_name(built: BuildResult) -> None:
    assert labelled(built, "visit-verb", "COMPANY") == ["华光电子科技有限公司"]
    assert labelled(built, "visit-verb-2", "COMPANY") == ["恒达新材料股份有限公司"]
    res = built.resolution
    assert res is not None
    posts = set()
    for rel in page(built, "visit-verb").relations:
        if rel.kind == "membership":
            member, key = rel.arg("member"), res.body_key("visit-verb", rel)
            assert isinstance(member, Ref)
            posts.add((member.text, res.entities[key].name if key else None, str(rel.arg("role"))))
    assert ("周海", "华光电子科技有限公司", "董事长") in posts


def test_county_short_form_is_a_place_where_the_page_writes_it_in_full(built: BuildResult) -> None:
    ex = page(built, "county-short")
    places = [m.text for m in ex.mentions if m.label == "ADMIN"]
    assert places.count("汝州") == 2
    assert "汝州" not in [m.text for m in ex.mentions if m.label in {"SITE", "PERSON", "COMPANY"}]


def test_county_short_form_read_as_an_organisation_is_a_place(built: BuildResult) -> None:
    ex = page(built, "county-org")
    assert [m.text for m in ex.mentions if m.label == "ADMIN"] == ["平顶山市", "宝丰"]
    assert "宝丰" not in [m.text for m in ex.mentions if m.label == "ORG"]


def test_place_before_a_body_of_its_level_is_one_body(built: BuildResult) -> None:
    govs = labelled(built, "place-body", "GOV")
    assert "商丘市委" in govs and "宝丰县政府" in govs
    assert govs.count("市委") == 1  # the first 市委, with no place before it, stays as written
    assert labelled(built, "place-body", "ADMIN") == []


def test_zone_named_by_a_word_of_its_own(built: BuildResult) -> None:
    assert labelled(built, "named-zone", "ADMIN") == ["天北新区", "天北新区"]


def test_particle_before_a_zone_is_no_zone_name(built: BuildResult) -> None:
    assert [t for t in labelled(built, "zone-after-particle", "ADMIN") if t != "高新区"] == []


def test_trade_names_in_a_visit_are_enterprises(built: BuildResult) -> None:
    assert labelled(built, "trade-names", "COMPANY") == ["华星电子", "恒润药业", "宏达实业"]
    assert labelled(built, "trade-names", "ADMIN") == []


def test_institutions_named_by_level_and_kind(built: BuildResult) -> None:
    assert labelled(built, "level-institutions", "ORG") == ["市第一人民医院", "市实验中学", "县总工会", "县科协", "县第二小学"]


def test_a_wish_before_a_body_is_cut(built: BuildResult) -> None:
    assert labelled(built, "wish-body", "GOV") == ["自治区政协", "自治区政协"]


def test_villages_and_communities_of_a_visit(built: BuildResult) -> None:
    assert labelled(built, "communities", "ADMIN") == ["城关镇", "王村乡", "东街社区", "张庄村", "李家湾村"]


def test_parks_named_after_their_place(built: BuildResult) -> None:
    assert labelled(built, "parks", "ADMIN") == ["武功县", "蒲城县工业园区", "泾阳县物流园区", "兴平市食品工业园", "县产业园区"]
    assert labelled(built, "parks", "SITE") == []


def test_a_conjunction_before_xian_is_no_county(built: BuildResult) -> None:
    assert labelled(built, "he-xian", "ADMIN") == ["安徽省", "和县"]


def test_a_county_before_its_town_body_is_a_place(built: BuildResult) -> None:
    assert labelled(built, "county-before-town-body", "ADMIN") == ["犍为县"]
    assert labelled(built, "county-before-town-body", "GOV") == ["龙孔镇人民政府"]


def test_bodies_joined_over_he_are_two(built: BuildResult) -> None:
    assert "县社会福利院" in labelled(built, "joined-over-he", "GOV")
    assert "和县社会福利院" in labelled(built, "joined-over-he", "GOV")  # 安徽省和县: the county's
    assert not any("幼儿园和" in t for label in ("GOV", "ORG", "SITE") for t in labelled(built, "joined-over-he", label))


def test_one_character_words_before_an_enterprise(built: BuildResult) -> None:
    assert labelled(built, "one-char-boundaries", "COMPANY") == ["宏远新材料科技有限公司", "华兴电子股份有限公司", "祥和科技有限公司", "中和电气有限公司", "远航建设集团有限公司"]
    assert labelled(built, "one-char-boundaries", "PERSON") == ["李立"]


def test_a_word_before_a_village_is_no_part_of_it(built: BuildResult) -> None:
    assert labelled(built, "village-lead", "ADMIN") == ["柳河村", "杨庄村", "和平村"]


def test_trade_name_cues_and_no_person_in_a_company(built: BuildResult) -> None:
    assert labelled(built, "trade-cues", "COMPANY") == ["新疆和顺纺织", "鼎华集团", "集团公司"]
    assert labelled(built, "trade-cues", "PERSON") == ["王立强", "谢立明", "王立强", "刘立田"]
    assert labelled(built, "trade-cues", "PROJECT") == []


def test_set_phrases_hold_no_place(built: BuildResult) -> None:
    assert labelled(built, "set-phrase", "ADMIN") == ["中国"]  # only the 中国 of 中国高铁


@pytest.mark.parametrize(("text", "expected"), [
    ("天北新区工作汇报", None),  # a report, not a body
    ("市四大班子", None),  # a collective
    ("十九大和十九届二中", None),  # two things joined
    ("永城代表团", None),  # a delegation
    ("凤阳国际大酒店", ("SITE", False)),  # a venue
    ("宁国现代产业园", ("SITE", False)),  # a park
    ("华信集团", ("COMPANY", True)),  # a real name still passes
])
def test_weak_model_organisations(text: str, expected: tuple[str, bool] | None) -> None:
    assert _refiner().classify(text, "ORG") == expected


def test_bare_group_is_the_page_group_and_organs_belong_to_the_post(built: BuildResult) -> None:
    assert labelled(built, "bare-group", "COMPANY") == ["远航集团", "集团", "集团", "远航集团"]
    assert not labelled(built, "bare-group", "GOV")[2:]  # no 董事局, 战略委员会 or 审计委员会 as bodies
    res = built.resolution
    assert res is not None
    bare = next(m for m in page(built, "bare-group").mentions if m.text == "集团")
    key = res.key("bare-group", Ref("COMPANY", bare.text))
    assert key is not None and res.entities[key].name == "远航集团"
    posts = set()
    for rel in page(built, "bare-group").relations:
        if rel.kind == "membership":
            member, body = rel.arg("member"), res.body_key("bare-group", rel)
            assert isinstance(member, Ref)
            posts.add((member.text, res.entities[body].name if body else None, str(rel.arg("role"))))
    assert ("高峰", "远航集团", "董事局主席") in posts
    assert ("孙雷", "远航集团", "战略委员会副主席") in posts
    assert ("孙雷", "远航集团", "审计委员会副主席") in posts


def test_credit_line_units(built: BuildResult) -> None:
    assert "县发展和改革委员会" in labelled(built, "credit-body", "GOV")
    assert "江城日报" in labelled(built, "credit-media", "ORG")


def test_province_before_a_city_body_and_false_bureaus(built: BuildResult) -> None:
    assert labelled(built, "province-body", "ADMIN")[:1] == ["甘肃省"]
    govs = labelled(built, "province-body", "GOV")
    assert "天水市市委" in govs and "市商务局" in govs
    assert not any(g.endswith("布局") or g.startswith("以下是") for g in govs)


def test_bracketed_short_name_is_the_organisation(built: BuildResult) -> None:
    assert labelled(built, "bracketed", "ORG") == ["江城市旅游发展协会", "旅发会", "旅发会", "旅发会"]


def test_more_trade_names_and_their_recurrences(built: BuildResult) -> None:
    assert labelled(built, "trade-more", "COMPANY") == ["华瑞铝业", "华瑞铝业", "华瑞铝业"]


def test_enterprise_units_legal_names_and_seats(built: BuildResult) -> None:
    companies = labelled(built, "enterprise-unit", "COMPANY")
    assert companies[:2] == ["远东机械公司", "远东机械公司"]
    assert "德瑞（苏州）企业管理有限公司" in companies or "德瑞(苏州)企业管理有限公司" in companies
    assert "苏州" not in labelled(built, "enterprise-unit", "ADMIN")


def test_town_before_a_plant_is_a_place(built: BuildResult) -> None:
    assert labelled(built, "town-plant", "ADMIN") == ["石桥镇", "石桥镇", "石桥村"]
    assert "石桥镇清泉水厂" not in labelled(built, "town-plant", "COMPANY")
    assert not [m for m in labelled(built, "town-plant", "SITE") if m.startswith("石桥")]


def test_place_before_a_collective_title(built: BuildResult) -> None:
    assert labelled(built, "place-leaders", "ADMIN") == ["嵩县", "栾川县"]
    res = built.resolution
    assert res is not None
    roles = {str(rel.arg("role")) for rel in page(built, "place-leaders").relations if rel.kind == "membership"}
    assert roles == {"县领导"}


def test_congress_session_and_deputies_are_no_body(built: BuildResult) -> None:
    assert not [g for g in labelled(built, "congress-session", "GOV") if g.endswith("人大")]


def test_places_named_in_full_and_bare_government(built: BuildResult) -> None:
    places = labelled(built, "place-levels", "ADMIN")
    assert "石门镇" in places and "汝阳县工业园区" in places
    assert "中国" not in places
    assert "政府" in labelled(built, "place-levels", "GOV")


def test_enterprise_party_units(built: BuildResult) -> None:
    ex = page(built, "enterprise-party")
    govs = [(m.text, m.start) for m in ex.mentions if m.label == "GOV"]
    assert [g for g, _ in govs] == ["党委", "海岳集团党委", "党委", "集团党组"]
    assert labelled(built, "enterprise-party", "COMPANY")[:1] == ["海岳集团"]
    res = built.resolution
    assert res is not None
    names = {res.entities[k].name for k in (res.key("enterprise-party", Ref("GOV", g)) for g, _ in govs) if k}
    assert names == {"海岳集团党委", "海岳集团党组"}


def test_media_where_a_page_cites_them(built: BuildResult) -> None:
    assert labelled(built, "media", "ORG") == ["江城网", "江城晚报", "江城日报客户端", "县融媒体中心"]
    assert labelled(built, "wire", "ORG") == ["中华社"]


def test_bank_branch_is_one_enterprise(built: BuildResult) -> None:
    assert labelled(built, "bank-branch", "COMPANY") == ["中国农业银行江城分行"]


def test_one_character_short_form_of_the_page_county(built: BuildResult) -> None:
    ex = page(built, "one-char")
    assert [m.text for m in ex.mentions if m.label == "ADMIN"] == ["汝阳县", "汝", "汝"]
    res = built.resolution
    assert res is not None
    key = res.key("one-char", Ref("ADMIN", "汝"))
    assert key is not None and res.entities[key].name == "汝阳县"


def test_cli_build_links_a_bare_group_and_validates(tmp_path: Path) -> None:
    """As a user runs it: ``kg build`` on a one-sentence enterprise page, then ``kg validate``."""
    from click.testing import CliRunner

    from kg.cli import main

    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    (pages / "group.txt").write_text(SENTENCES["bare-group"] + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out)])
    assert result.exit_code == 0, result.output
    import rdflib

    graph = rdflib.Graph().parse(out / "kg.ttl")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "远航集团" in labels and "集团" not in labels  # the bare word is an altLabel of the group
    checked = CliRunner().invoke(main, ["validate", "--graph", str(out / "kg.ttl")])
    assert checked.exit_code == 0, checked.output


def test_county_after_its_parent_and_an_enterprise_before_作为(built: BuildResult) -> None:
    assert "綦江" in labelled(built, "after-parent", "ADMIN")
    assert "远达集团" in labelled(built, "after-parent", "COMPANY")


def test_institution_and_its_party_unit(built: BuildResult) -> None:
    assert labelled(built, "institution-party", "ORG") == ["江城师范学院"]
    assert labelled(built, "institution-party", "GOV") == ["党委"]
    res = built.resolution
    assert res is not None
    key = res.key("institution-party", Ref("GOV", "党委"))
    assert key is not None and res.entities[key].name == "江城师范学院党委"
    (rel,) = [r for r in page(built, "institution-party").relations if r.kind == "membership"]
    body = res.body_key("institution-party", rel)
    assert body is not None and res.entities[body].name == "江城师范学院党委" and str(rel.arg("role")) == "书记"


def test_bare_development_zone(built: BuildResult) -> None:
    assert labelled(built, "bare-zone", "ADMIN") == ["开发区", "开发区"]


def test_a_cue_describing_the_guest_is_no_visit(built: BuildResult) -> None:
    ex = page(built, "guest-clause")
    assert labelled(built, "guest-clause", "COMPANY") == ["远山集团"]
    assert not [e for e in ex.events if e.kind == "visit"]


def test_party_group_of_a_body(built: BuildResult) -> None:
    govs = labelled(built, "party-group", "GOV")
    assert "市交通局党组" in govs and "市政府党组" not in govs


def test_media_of_datelines_and_credits(built: BuildResult) -> None:
    assert labelled(built, "media-dateline", "ORG") == ["海峡风", "远航在线", "映象网"]


def test_a_branch_or_factory_of_an_enterprise_is_one_enterprise(built: BuildResult) -> None:
    assert labelled(built, "branch-factory", "COMPANY") == ["东方能源集团有限公司水电分公司"]


def test_a_town_written_without_its_level(built: BuildResult) -> None:
    assert labelled(built, "town-short", "ADMIN") == ["袁花镇", "袁花", "袁花", "南西街道"]


def test_a_district_named_in_a_body_is_a_place_alone(built: BuildResult) -> None:
    assert labelled(built, "body-place", "ADMIN") == ["老城区"]


def test_a_trade_name_without_its_place_is_the_page_s_enterprise(built: BuildResult) -> None:
    assert labelled(built, "trade-core", "COMPANY") == ["浙江罗诗妮新材料有限公司", "罗诗妮", "海宁市亿康纺织有限公司", "亿康纺织"]
    assert "罗诗妮" not in labelled(built, "trade-core", "PERSON")


def test_a_congress_named_with_its_level_and_term(built: BuildResult) -> None:
    assert labelled(built, "term-body", "GOV") == ["区十六届人大常委会"]
    res = built.resolution
    assert res is not None
    key = res.key("term-body", Ref("GOV", "区十六届人大常委会"))
    assert key is not None and res.entities[key].name == "上虞区人大常委会"


def test_a_project_before_an_enterprise_is_no_part_of_its_name(built: BuildResult) -> None:
    assert labelled(built, "project-before-enterprise", "COMPANY") == [
        "远航（江西）供应链管理有限公司", "安顺精密机械有限公司", "华远建设项目管理有限公司"]


def test_a_particle_before_a_place_is_no_part_of_it(built: BuildResult) -> None:
    names = [m.text for m in page(built, "particle-before-place").mentions if m.label in {"ADMIN", "SITE"}]
    assert names[0] in {"青山", "青山高新区"} and not [n for n in names if n.startswith("了")]


def test_a_list_of_topics_about_enterprises_names_none(built: BuildResult) -> None:
    assert labelled(built, "list-of-topics", "COMPANY") == ["恒达科技", "远航物流"]


def test_no_name_runs_over_a_dash(built: BuildResult) -> None:
    names = [m.text for m in page(built, "dash").mentions if m.label not in {"PERSON", "TITLE", "DATE"}]
    assert not [n for n in names if "—" in n], names


def test_a_listed_trade_name_is_the_enterprise_where_written_again(built: BuildResult) -> None:
    assert labelled(built, "listed-trade-name", "COMPANY") == ["东方碳素", "九云科技", "李大厨", "九云科技", "李大厨"]
    assert labelled(built, "listed-trade-name", "PERSON") == ["李明", "李明"]
    assert labelled(built, "listed-trade-name", "ADMIN") == []


def test_a_zone_s_formal_name_is_a_zone_written_once(built: BuildResult) -> None:
    assert labelled(built, "formal-zone", "ADMIN") == ["大柴湖经济开发区", "青龙湾高新技术产业开发区"]
    assert labelled(built, "formal-zone", "SITE") == []


def test_an_agent_or_a_topic_before_a_name_is_no_part_of_it(built: BuildResult) -> None:
    assert labelled(built, "agreement", "GOV") == ["县人民政府"]
    assert labelled(built, "agreement", "COMPANY") == ["远航新能源科技有限公司"]
    assert "来宾" not in labelled(built, "agreement", "ADMIN")


def test_a_people_s_government_and_its_plain_name_are_one_body(built: BuildResult) -> None:
    res = built.resolution
    assert res is not None
    keys = {res.key("peoples-government", Ref("GOV", text)) for text in labelled(built, "peoples-government", "GOV")}
    assert keys == {"organization:南皮县政府"}
    assert "南皮县人民政府" in res.entities["organization:南皮县政府"].aliases


def test_a_village_the_model_read_as_a_person(built: BuildResult) -> None:
    assert labelled(built, "village-not-person", "ADMIN") == ["天湖村", "郑洼村", "李洼村"]
    assert "李洼村" not in labelled(built, "village-not-person", "PERSON")


def test_enterprises_described_by_their_trade_alone_name_none(built: BuildResult) -> None:
    assert labelled(built, "trade-only", "COMPANY") == ["远航物流", "华星电子"]


def test_enterprise_lists_name_every_item(built: BuildResult) -> None:
    assert labelled(built, "enterprise-lists", "COMPANY") == [
        "华翔翔能", "华慧新能源", "艾华集团", "恒天重工", "广安生物", "阿尔法", "东方果园", "国盾量子"]
    assert labelled(built, "enterprise-lists", "PERSON") == ["周立", "姚立洲", "董立忠"]
    assert labelled(built, "enterprise-lists", "GOV") == ["区委"]  # no 对外展厅


def test_a_compound_surname_opens_a_name(built: BuildResult) -> None:
    assert labelled(built, "compound-surname", "PERSON") == ["颛孙宗亮"]


def test_a_bare_group_is_its_page_s_own(built: BuildResult) -> None:
    res = built.resolution
    assert res is not None
    unit = res.key("bare-group-elsewhere", Ref("GOV", "集团党委"))
    assert unit == "organization:集团党委@bare-group-elsewhere"
    bodies = {res.body_key("bare-group-elsewhere", rel) for rel in page(built, "bare-group-elsewhere").relations if rel.kind == "membership"}
    assert bodies == {"organization:集团党委@bare-group-elsewhere", "organization:集团@bare-group-elsewhere"}
    assert res.key("bare-group", Ref("COMPANY", "集团")) == "organization:远航集团"


def test_where_an_enterprise_lies_is_no_part_of_its_name(built: BuildResult) -> None:
    assert labelled(built, "located-enterprise", "COMPANY") == ["远藻生物科技有限公司"]


def test_people_listed_before_enterprise_heads_are_people(built: BuildResult) -> None:
    assert labelled(built, "people-of-enterprises", "COMPANY") == []
    assert labelled(built, "people-of-enterprises", "PERSON") == ["王强", "李明", "张伟", "刘洋"]


def test_a_verb_before_an_enterprise_is_no_part_of_it(built: BuildResult) -> None:
    assert labelled(built, "verb-before-group", "COMPANY") == ["中铁集团", "中铁集团"]


def test_taiwan_funded_describes_the_enterprise(built: BuildResult) -> None:
    assert labelled(built, "taiwan-firm", "COMPANY") == ["柏立（吉安）电子科技有限公司"]


def test_entrepreneurs_listed_are_people(built: BuildResult) -> None:
    assert labelled(built, "entrepreneurs", "COMPANY") == []
    assert sorted(labelled(built, "entrepreneurs", "PERSON")) == sorted(["邓立涛", "周立宜", "裴德一", "杨立春"])


def test_cooperatives_are_enterprises_and_their_village_a_place(built: BuildResult) -> None:
    assert labelled(built, "cooperatives", "COMPANY") == ["颖立农业种植专业合作社", "宏立果蔬专业合作社"]
    assert "刘庄村" in labelled(built, "cooperatives", "ADMIN")


def test_the_park_before_an_enterprise_is_no_part_of_its_name(built: BuildResult) -> None:
    assert labelled(built, "park-before-firm", "COMPANY") == ["鼎立（四川）精密材料有限公司"]


def test_trade_names_opening_with_a_province(built: BuildResult) -> None:
    assert labelled(built, "province-trade-names", "COMPANY") == ["江苏鸿立纺织科技", "江苏恒立新材料科技", "鑫泽药业"]


def test_a_bureau_before_a_group_is_the_group_s(built: BuildResult) -> None:
    assert labelled(built, "bureau-group", "COMPANY") == ["招商局集团", "招商局集团"]
    assert not any(text.endswith("招商局") for text in labelled(built, "bureau-group", "GOV"))


def test_a_level_or_a_group_before_an_enterprise_is_cut(built: BuildResult) -> None:
    assert labelled(built, "level-before-firm", "COMPANY") == ["绿立农业发展有限公司", "河北易立克机器人科技有限公司"]


def test_a_known_name_with_a_verb_run_in_is_the_name(built: BuildResult) -> None:
    assert labelled(built, "name-and-verb", "PERSON") == ["何晶"] * 4


def test_a_group_before_a_firm_a_place_before_and_and_a_longer_gazetteer_name(built: BuildResult) -> None:
    assert labelled(built, "group-and-place-firms", "COMPANY") == ["正大集团桑田（上海）农业有限公司", "沈阳和世泰钛业有限公司", "京东方"]


def test_an_adverb_is_no_part_of_an_enterprise(built: BuildResult) -> None:
    assert "远航投资集团" in labelled(built, "adverb-before-firm", "COMPANY")
    assert not any("始终" in name for name in labelled(built, "adverb-before-firm", "COMPANY"))


def test_an_adverb_opening_a_clause_makes_no_trade_name(built: BuildResult) -> None:
    assert labelled(built, "adverb-trade", "COMPANY") == ["远山石化有限公司"]


def test_a_situation_is_no_bureau(built: BuildResult) -> None:
    assert not any(name.endswith("局") for name in labelled(built, "no-bureau", "GOV"))


def test_a_bank_s_branch_is_an_enterprise_and_a_count_is_cut(built: BuildResult) -> None:
    assert labelled(built, "branch-recurs", "COMPANY").count("恒丰银行赤峰分行") == 3
    assert "亿利达" in labelled(built, "count-after-firm", "COMPANY")
    assert not any("家" in name for name in labelled(built, "count-after-firm", "COMPANY"))


def test_an_enterprise_named_once_by_its_legal_name_recurs() -> None:
    """包商银行赤峰分行 found once (by a rule): each other occurrence is that enterprise, over a place the
    model read inside it, but not over a person or a body."""
    from kg.extract import _company_recurrences
    from kg.ingest import parse_text
    from kg.records import Mention

    doc = parse_text("远山与恒立银行赤峰分行签约。恒立银行赤峰分行行长致辞。\n", doc_id="t")
    text = doc.text
    first, second = text.index("恒立银行赤峰分行"), text.rindex("恒立银行赤峰分行")
    found = Mention("t", 0, first, first + 8, "恒立银行赤峰分行", "COMPANY", "rule:branch", 0.75)
    place = Mention("t", 1, second + 4, second + 6, "赤峰", "ADMIN", "places", 0.9)
    out = _company_recurrences(doc, [found, place])
    assert [(m.start, m.label) for m in out] == [(first, "COMPANY"), (second, "COMPANY")]


def test_a_plant_named_by_its_enterprise_and_place_is_the_enterprise(built: BuildResult) -> None:
    """远立电子郑州厂 where the page writes 远立电子 alone too: the enterprise, wherever it is written."""
    assert labelled(built, "plant-core", "COMPANY") == ["远立电子", "远立电子", "远立电子"]


def test_an_enterprise_s_short_name_written_alone(built: BuildResult) -> None:
    """中国晟泰集团有限公司, then 晟泰 alone: the enterprise; 有色 (有色金属) is no enterprise; 中冶集团
    written again with its suffix is the whole name."""
    found = labelled(built, "short-form", "COMPANY")
    assert found.count("晟泰") == 2
    assert "有色" not in found
    assert found.count("中冶集团") == 1 and found.count("中冶") == 1  # 中冶将充分发挥优势: the short name alone


def test_a_group_named_inside_its_subsidiary_s_name(built: BuildResult) -> None:
    assert labelled(built, "group-of-subsidiary", "COMPANY") == ["远大集团桑田（上海）农业有限公司", "远大集团", "远大集团"]


def test_a_branch_by_its_place_and_a_group_written_again(built: BuildResult) -> None:
    found = labelled(built, "branch-and-group", "COMPANY")
    assert found.count("澳门分行") == 1 and found.count("中国银行澳门分行") == 1
    assert found.count("远地集团") == 3


def test_a_title_before_the_verb_huijian(built: BuildResult) -> None:
    """王立明董事长会见…: 董事长 is the title (会见 is its verb, not 董事会), 王立明 a person."""
    assert labelled(built, "title-before-meeting-verb", "TITLE") == ["董事长"]
    assert "王立明" in labelled(built, "title-before-meeting-verb", "PERSON")
    assert labelled(built, "title-before-meeting-verb", "COMPANY") == []
