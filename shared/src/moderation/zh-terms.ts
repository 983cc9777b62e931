/**
 * Chinese profanity, insults and slurs that hold a post for review (rule `profanity`; the English
 * side is the `obscenity` library's dataset). A modest, hand-kept list of the common terms and the
 * variants people write to dodge a filter — homophones (煞笔 for 傻逼), a Latin letter for a
 * character (傻b), traditional forms (幹你娘), pinyin initials (nmsl). It is deliberately not
 * exhaustive: operators extend it at run time with `CheckOptions.extraTerms`, and a term added
 * here for everyone should be one that is almost never innocent.
 *
 * How it is matched (moderation/profanity.ts): on the NFKC, lower-cased text with spaces,
 * punctuation and symbols between characters ignored, so "傻 逼" and "傻.逼" match 傻逼. Terms that
 * are pure ASCII (the pinyin initials) match whole words only.
 *
 * Matching is by substring, so a term must not hide inside innocent words. Left out for that
 * reason: 牛逼 (praise), 装逼 and 卧槽 (everyday slang), 屌丝 (self-mockery), 沙雕 (a meme), 几把
 * ("a few"), 鸡吧 (吃鸡吧, "let's eat chicken"), 妈逼 (我妈逼我, "my mum forces me"), 日逼
 * (截止日逼近), 内射 (室内射击), 册那 (手册那么厚), 支那 alone (开支那么大), 杂种 (杂种优势),
 * 尼玛 (a Tibetan name), 鬼子 alone, 妈的 alone (我妈的生日), 垃圾, 废物. Known false positives of
 * what is in: 他妈的 in "他妈的病" (his mother's illness); 弱智/智障/残废 in a post about disability.
 * Add a term to the group it belongs to.
 */
export const ZH_TERMS: readonly string[] = [
  // 傻逼 ("stupid cunt") and its homophone and letter spellings
  '傻逼', '傻b', '傻比', '傻笔', '傻批', '傻屌', '傻叉', '傻x', '傻缺', '煞笔', '煞逼', '沙比', '二逼', '狗逼',
  // Vulgar characters that are never innocent on their own
  '屄', '肏', '婊',
  // Mother insults
  '他妈的', '他媽的', '去你妈的', '去你媽的', '滚你妈', '妈了个逼', '妈了个巴子', '妈卖批', '你妈死了', '操你妈', '操你媽',
  '草你妈', '艹你妈', '日你妈', '干你妈', '干你娘', '幹你娘', '草泥马', '操你大爷', '操你祖宗', '操你全家',
  // Other insults and curses
  '贱人', '賤人', '贱货', '賤貨', '贱逼', '賤逼', '贱种', '骚逼', '騷逼', '骚货', '騷貨', '王八蛋', '王八羔子',
  '狗日的', '狗娘养的', '狗娘養的', '狗杂种', '狗杂碎', '畜生', '畜牲', '人渣', '狗东西', '死全家', '全家死光',
  '不得好死', '龟儿子', '龟孙子', '日了狗', '脑残', '腦殘', '智障', '弱智', '白痴', '白癡', '残废', '殘廢', '死变态', '死胖子',
  // Sexual terms
  '鸡巴', '雞巴', '屌毛', '操逼', '插逼', '屌你', '撸管', '擼管', '约炮', '約炮', '口交', '肛交', '乳交', '颜射',
  '淫妇', '荡妇',
  // Cantonese and Shanghainese
  '丢你老母', '屌你老母', '仆街', '撲街', '冚家铲', '冚家剷', '含撚', '娘希匹', '小赤佬',
  // Slurs against groups
  '黑鬼', '尼哥', '支那人', '支那猪', '小日本', '日本鬼子', '高丽棒子', '印度阿三', '台巴子', '港灿', '穆狗', '死基佬', '娘炮', '人妖',
  // Pinyin initials (whole words only)
  'nmsl', 'cnmb', 'wcnm', 'mdzz',
]
