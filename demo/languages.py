"""The demo's listing texts in the content languages beyond English and Spanish.

Spanish translations sit beside each English text in ``demo/listings.py`` (every listing has
them). The other languages translate the texts the listings share (summaries, hours, how to get
help, fees) and leave names as written, as a translator might for a first pass; what is not here
falls back to the English source. The loader translates the listings marked ``worldwide`` into
every content language switched on in settings that has a locale, so this table covers all the
optional languages of ``settings.OPTIONAL_LANGUAGES``.
"""

TEXTS: dict[str, dict[str, str]] = {
    "Immigration legal help for workers, including cases that began with a workplace complaint.": {
        "zh-hans": "为工人提供移民法律帮助，包括因工作场所投诉而开始的案件。",
        "vi": "Trợ giúp pháp lý về di trú cho người lao động, kể cả các vụ bắt đầu từ một khiếu nại tại nơi làm việc.",
        "ht": "Èd legal sou imigrasyon pou travayè, ki gen ladan ka ki te kòmanse ak yon plent nan travay.",
        "pt": "Ajuda jurídica de imigração para trabalhadores, inclusive casos que começaram com uma queixa no trabalho.",
        "fr": "Aide juridique en immigration pour les travailleurs, y compris les dossiers nés d'une plainte au travail.",
        "ar": "مساعدة قانونية في شؤون الهجرة للعمال، بما في ذلك القضايا التي بدأت بشكوى في مكان العمل.",
        "ko": "직장 내 신고로 시작된 사건을 포함하여 노동자를 위한 이민 법률 지원.",
        "tl": "Tulong legal sa imigrasyon para sa mga manggagawa, kasama ang mga kasong nagsimula sa isang reklamo sa trabaho.",
    },
    "Consular protection for nationals, including people detained after a raid. Demo entry: confirm details with the consulate.": {
        "zh-hans": "为本国公民提供领事保护，包括突袭后被拘留的人。演示条目：请向领事馆核实详情。",
        "vi": "Bảo hộ lãnh sự cho công dân, kể cả những người bị giam giữ sau một cuộc bố ráp. Mục trình diễn: hãy xác nhận chi tiết với lãnh sự quán.",
        "ht": "Pwoteksyon konsilè pou sitwayen yo, ki gen ladan moun yo arete apre yon rafle. Done demonstrasyon: konfime detay yo ak konsila a.",
        "pt": "Proteção consular para cidadãos, inclusive pessoas detidas após uma batida. Dado de demonstração: confirme com o consulado.",
        "fr": "Protection consulaire des ressortissants, y compris les personnes détenues après une descente. Fiche de démonstration : vérifiez auprès du consulat.",
        "ar": "حماية قنصلية للمواطنين، بمن فيهم المحتجزون بعد مداهمة. بيانات تجريبية: تحقّق من التفاصيل مع القنصلية.",
        "ko": "단속 후 구금된 사람을 포함한 자국민을 위한 영사 보호. 데모 항목: 영사관에 세부 사항을 확인하세요.",
        "tl": "Proteksyong konsular para sa mga mamamayan, kasama ang mga nakakulong matapos ang isang raid. Demo na entry: kumpirmahin ang detalye sa konsulado.",
    },
    "Help with unpaid wages and retaliation, know-your-rights workshops and a rapid-response line after raids.": {
        "zh-hans": "帮助追讨欠薪和应对报复，提供了解权利讲座，以及突袭后的快速响应热线。",
        "vi": "Hỗ trợ về tiền lương bị nợ và trả đũa, hội thảo về quyền của bạn và đường dây phản ứng nhanh sau các cuộc bố ráp.",
        "ht": "Èd pou salè yo pa peye ak reprezay, atelye sou dwa ou, ak yon liy repons rapid apre rafle.",
        "pt": "Ajuda com salários não pagos e retaliação, oficinas sobre seus direitos e uma linha de resposta rápida após batidas.",
        "fr": "Aide pour les salaires impayés et les représailles, ateliers sur vos droits et une ligne d'intervention rapide après les descentes.",
        "ar": "مساعدة في الأجور غير المدفوعة والانتقام، وورش عمل للتعريف بالحقوق، وخط استجابة سريعة بعد المداهمات.",
        "ko": "체불 임금과 보복 문제 지원, 권리 교육 워크숍, 단속 후 긴급 대응 전화.",
        "tl": "Tulong sa hindi nabayarang sahod at paghihiganti, mga workshop tungkol sa iyong mga karapatan at isang rapid-response line pagkatapos ng mga raid.",
    },
    "Money for legal defense for people facing deportation.": {
        "zh-hans": "为面临驱逐出境的人提供法律辩护资金。",
        "vi": "Tiền cho việc bào chữa pháp lý cho những người đang đối mặt với trục xuất.",
        "ht": "Lajan pou defans legal moun k ap fè fas ak depòtasyon.",
        "pt": "Dinheiro para a defesa jurídica de pessoas em processo de deportação.",
        "fr": "Des fonds pour la défense juridique des personnes menacées d'expulsion.",
        "ar": "أموال للدفاع القانوني عن الأشخاص المعرّضين للترحيل.",
        "ko": "추방 위기에 처한 사람들의 법률 변호를 위한 자금.",
        "tl": "Pera para sa legal na depensa ng mga taong nahaharap sa deportasyon.",
    },
    "Grants to community groups for defense funds and raid hotlines.": {
        "zh-hans": "向社区团体提供资助，用于辩护基金和突袭求助热线。",
        "vi": "Tài trợ cho các nhóm cộng đồng để lập quỹ bào chữa và đường dây nóng về bố ráp.",
        "ht": "Sibvansyon pou gwoup kominotè pou fon defans ak liy dirèk pou rafle.",
        "pt": "Subsídios a grupos comunitários para fundos de defesa e linhas de apoio em batidas.",
        "fr": "Subventions aux associations pour des fonds de défense et des lignes d'urgence en cas de descente.",
        "ar": "منح للمجموعات المجتمعية لصناديق الدفاع وخطوط المساعدة عند المداهمات.",
        "ko": "변호 기금과 단속 신고 전화를 위한 지역 단체 지원금.",
        "tl": "Mga grant sa mga grupo ng komunidad para sa mga pondo ng depensa at mga hotline laban sa raid.",
    },
    "Monday to Friday, 9 am to 5 pm": {
        "zh-hans": "周一至周五，上午9点至下午5点",
        "vi": "Thứ Hai đến thứ Sáu, 9 giờ sáng đến 5 giờ chiều",
        "ht": "Lendi rive vandredi, 9 è dimaten rive 5 è diswa",
        "pt": "Segunda a sexta, das 9h às 17h",
        "fr": "Du lundi au vendredi, de 9 h à 17 h",
        "ar": "من الاثنين إلى الجمعة، من 9 صباحًا إلى 5 مساءً",
        "ko": "월요일~금요일, 오전 9시~오후 5시",
        "tl": "Lunes hanggang Biyernes, 9 am hanggang 5 pm",
    },
    "Monday to Thursday, 10 am to 7 pm; Saturday 9 am to 1 pm": {
        "zh-hans": "周一至周四，上午10点至晚上7点；周六上午9点至下午1点",
        "vi": "Thứ Hai đến thứ Năm, 10 giờ sáng đến 7 giờ tối; thứ Bảy 9 giờ sáng đến 1 giờ chiều",
        "ht": "Lendi rive jedi, 10 è dimaten rive 7 è diswa; samdi 9 è dimaten rive 1 è apremidi",
        "pt": "Segunda a quinta, das 10h às 19h; sábado das 9h às 13h",
        "fr": "Du lundi au jeudi, de 10 h à 19 h ; le samedi de 9 h à 13 h",
        "ar": "من الاثنين إلى الخميس، من 10 صباحًا إلى 7 مساءً؛ السبت من 9 صباحًا إلى 1 ظهرًا",
        "ko": "월요일~목요일, 오전 10시~오후 7시; 토요일 오전 9시~오후 1시",
        "tl": "Lunes hanggang Huwebes, 10 am hanggang 7 pm; Sabado 9 am hanggang 1 pm",
    },
    "Call the intake line and leave your name and a phone number.": {
        "zh-hans": "请拨打受理电话，留下您的姓名和电话号码。",
        "vi": "Hãy gọi đường dây tiếp nhận và để lại tên cùng một số điện thoại.",
        "ht": "Rele liy resepsyon an epi kite non w ak yon nimewo telefòn.",
        "pt": "Ligue para a linha de atendimento e deixe seu nome e um número de telefone.",
        "fr": "Appelez la ligne d'accueil et laissez votre nom et un numéro de téléphone.",
        "ar": "اتصل بخط الاستقبال واترك اسمك ورقم هاتف.",
        "ko": "접수 전화로 연락하여 이름과 전화번호를 남기세요.",
        "tl": "Tumawag sa intake line at iwan ang iyong pangalan at isang numero ng telepono.",
    },
    "For a detained relative, call the protection department.": {
        "zh-hans": "如有亲属被拘留，请致电保护部门。",
        "vi": "Nếu người thân bị giam giữ, hãy gọi phòng bảo hộ.",
        "ht": "Si yon fanmi w arete, rele depatman pwoteksyon an.",
        "pt": "Se um familiar estiver detido, ligue para o departamento de proteção.",
        "fr": "Pour un proche détenu, appelez le service de protection.",
        "ar": "إذا احتُجز أحد أقاربك، اتصل بقسم الحماية.",
        "ko": "가족이 구금된 경우 보호 부서로 전화하세요.",
        "tl": "Para sa kamag-anak na nakakulong, tumawag sa departamento ng proteksyon.",
    },
    "Walk in during open hours or call the hotline any time.": {
        "zh-hans": "请在开放时间直接前来，或随时拨打热线。",
        "vi": "Hãy đến trực tiếp trong giờ mở cửa hoặc gọi đường dây nóng bất cứ lúc nào.",
        "ht": "Vini pandan lè ouvèti yo oswa rele liy dirèk la nenpòt ki lè.",
        "pt": "Venha no horário de atendimento ou ligue para a linha de apoio a qualquer hora.",
        "fr": "Venez aux heures d'ouverture ou appelez la ligne d'urgence à toute heure.",
        "ar": "تعال خلال ساعات العمل أو اتصل بالخط الساخن في أي وقت.",
        "ko": "운영 시간에 직접 방문하거나 언제든지 상담 전화로 연락하세요.",
        "tl": "Pumunta sa oras ng bukas o tumawag sa hotline anumang oras.",
    },
    "Your attorney or a worker center applies on your behalf.": {
        "zh-hans": "由您的律师或工人中心代您申请。",
        "vi": "Luật sư của bạn hoặc một trung tâm người lao động nộp đơn thay cho bạn.",
        "ht": "Avoka w oswa yon sant travayè fè demann lan pou ou.",
        "pt": "Seu advogado ou um centro de trabalhadores faz o pedido por você.",
        "fr": "Votre avocat ou un centre de travailleurs fait la demande pour vous.",
        "ar": "يقدّم محاميك أو أحد مراكز العمال الطلب نيابةً عنك.",
        "ko": "변호사나 노동자 센터가 대신 신청합니다.",
        "tl": "Ang iyong abogado o isang worker center ang mag-a-apply para sa iyo.",
    },
    "First consultation free.": {
        "zh-hans": "首次咨询免费。",
        "vi": "Lần tư vấn đầu tiên miễn phí.",
        "ht": "Premye konsiltasyon an gratis.",
        "pt": "Primeira consulta gratuita.",
        "fr": "Première consultation gratuite.",
        "ar": "الاستشارة الأولى مجانية.",
        "ko": "첫 상담 무료.",
        "tl": "Libre ang unang konsultasyon.",
    },
    "Ask for a quote.": {
        "zh-hans": "请询问报价。",
        "vi": "Hãy hỏi báo giá.",
        "ht": "Mande yon pri.",
        "pt": "Peça um orçamento.",
        "fr": "Demandez un devis.",
        "ar": "اطلب عرض سعر.",
        "ko": "견적을 문의하세요.",
        "tl": "Humingi ng presyo.",
    },
    "Free": {
        "zh-hans": "免费",
        "vi": "Miễn phí",
        "ht": "Gratis",
        "pt": "Gratuita",
        "fr": "Gratuite",
        "ar": "مجانًا",
        "ko": "무료",
        "tl": "Libre",
    },
    "Residents of the area served; no fee to apply.": {
        "zh-hans": "服务地区的居民；申请免费。",
        "vi": "Cư dân trong khu vực phục vụ; nộp đơn không mất phí.",
        "ht": "Moun ki rete nan zòn nan; pa gen frè pou aplike.",
        "pt": "Moradores da área atendida; não se cobra para solicitar.",
        "fr": "Habitants de la zone desservie ; la demande est gratuite.",
        "ar": "سكان المنطقة المخدومة؛ لا رسوم على التقديم.",
        "ko": "서비스 지역 주민; 신청 수수료 없음.",
        "tl": "Mga residente ng lugar na pinagsisilbihan; walang bayad sa pag-apply.",
    },
    "Up to $5,000": {
        "zh-hans": "最高 5,000 美元",
        "vi": "Tối đa 5.000 đô la",
        "ht": "Jiska $5,000",
        "pt": "Até US$ 5.000",
        "fr": "Jusqu'à 5 000 $",
        "ar": "حتى 5,000 دولار",
        "ko": "최대 5,000달러",
        "tl": "Hanggang $5,000",
    },
}  # fmt: skip


def texts_in(language_code: str) -> dict[str, str]:
    """English source text -> its translation in ``language_code`` (empty for an unknown one:
    every text then falls back to English)."""
    return {
        english: translations[language_code]
        for english, translations in TEXTS.items()
        if language_code in translations
    }
