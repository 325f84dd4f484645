using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Data.Demo;

/// <summary>A generated, realistic but fictitious person for demo data and benchmarks.</summary>
/// <param name="Name">The full name, surname first, for example <c>王秀英</c>.</param>
/// <param name="GenderCode">The GB/T 2261.1 gender code: <c>1</c> male or <c>2</c> female.</param>
/// <param name="EthnicityCode">The GB/T 3304 ethnicity code, for example <c>01</c> (汉族).</param>
/// <param name="BirthDate">The birth date, which <see cref="IdNumber"/> encodes.</param>
/// <param name="IdNumber">A citizen ID number that passes <see cref="CitizenIdNumber.Check(string?)"/>.</param>
/// <param name="Phone">A mainland mobile number that passes <see cref="PhoneNumber.Check(string?)"/>.</param>
/// <param name="EducationCode">The GB/T 4658 education code, for example <c>21</c> (大学本科毕业).</param>
/// <param name="Address">A home address in the county the ID number's region code names.</param>
public sealed record DemoPerson(
    string Name,
    string GenderCode,
    string EthnicityCode,
    DateOnly BirthDate,
    string IdNumber,
    string Phone,
    string EducationCode,
    string Address);

/// <summary>
/// Generates realistic, deterministic demo people: surnames weighted by their real frequency, given names from
/// gender-appropriate characters, valid citizen ID numbers from real county codes, valid mobile numbers, and code
/// table values in realistic proportions. The same seed always yields the same sequence.
/// Built to generate millions of people: weights are precomputed and each call allocates only its result strings.
/// An instance is not thread-safe; use one per thread.
/// </summary>
/// <param name="seed">The seed of the underlying <see cref="Random"/>.</param>
public sealed class PersonFaker(int seed)
{
    /// <summary>Surnames with their approximate number of holders in units of 10,000 (public security statistics).</summary>
    private static readonly Weighted<string> Surnames = new(
    [
        ("王", 10150), ("李", 10090), ("张", 9540), ("刘", 7210), ("陈", 6330), ("杨", 4620), ("黄", 3370),
        ("赵", 2860), ("吴", 2780), ("周", 2680), ("徐", 2020), ("孙", 1940), ("马", 1900), ("朱", 1810),
        ("胡", 1650), ("郭", 1580), ("何", 1480), ("林", 1410), ("高", 1410), ("罗", 1410), ("郑", 1300),
        ("梁", 1220), ("谢", 1040), ("宋", 990), ("唐", 980), ("许", 910), ("韩", 900), ("冯", 890),
        ("邓", 890), ("曹", 880), ("彭", 830), ("曾", 820), ("肖", 810), ("田", 740), ("董", 720),
        ("袁", 710), ("潘", 700), ("于", 700), ("蒋", 690), ("蔡", 680), ("余", 640), ("杜", 620),
        ("叶", 600), ("程", 590), ("苏", 540), ("魏", 540), ("吕", 530), ("丁", 530), ("任", 520),
        ("沈", 510), ("姚", 510), ("卢", 500), ("姜", 490), ("崔", 490), ("钟", 460), ("谭", 450),
        ("陆", 450), ("汪", 440), ("范", 440), ("金", 430), ("石", 420), ("廖", 410), ("贾", 400),
        ("夏", 390), ("韦", 390), ("付", 380), ("方", 380), ("白", 370), ("邹", 370), ("孟", 360),
        ("熊", 350), ("秦", 350), ("邱", 350), ("江", 340), ("尹", 330), ("薛", 320), ("闫", 310),
        ("段", 310), ("雷", 300), ("侯", 300), ("龙", 290), ("史", 290), ("陶", 280), ("黎", 280),
        ("贺", 270), ("顾", 270), ("毛", 260), ("郝", 260), ("龚", 250), ("邵", 250), ("万", 240),
        ("钱", 240), ("严", 230), ("覃", 230), ("武", 230), ("戴", 220), ("莫", 210), ("孔", 210),
        ("向", 200), ("汤", 200),
        ("欧阳", 110), ("上官", 4), ("诸葛", 3), ("司马", 2), ("东方", 1), ("皇甫", 1),
    ]);

    private const string MaleGivenNameCharacters =
        "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康" +
        "星光天达安岩中茂进林有坚和彪博诚先敬震振壮思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇翰朗伯宏言若鸣" +
        "朋斌梁栋维启克伦翔旭鹏泽晨辰士建家致树炎德行时泰盛雄琛钧冠策腾楠风航弘宇轩睿铭昊凯锋鑫硕晗阳皓然涵帅华洋";

    private const string FemaleGivenNameCharacters =
        "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂" +
        "娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭" +
        "冰爽琬茗羽希欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔丽妮宝贝诗思涵萱雯楠";

    /// <summary>Minority ethnicities with their approximate population in thousands (2020 census).</summary>
    private static readonly Weighted<string> Minorities = new(
    [
        ("08", 19569), ("05", 11775), ("03", 11378), ("06", 11067), ("11", 10424), ("07", 9830), ("15", 9588),
        ("04", 7061), ("02", 6290), ("09", 3577), ("12", 3496), ("13", 3310), ("14", 2092), ("16", 1733),
        ("10", 1702), ("19", 1603), ("17", 1562), ("18", 1329), ("20", 762), ("26", 775), ("22", 746),
        ("37", 677), ("24", 499), ("25", 496), ("21", 430), ("27", 324), ("33", 313), ("30", 281),
        ("32", 278), ("38", 191), ("29", 204), ("28", 160), ("31", 132), ("35", 165), ("34", 127),
        ("36", 124), ("41", 50), ("40", 45), ("39", 43), ("42", 37), ("45", 34), ("49", 33), ("56", 26),
        ("46", 22), ("47", 24), ("44", 16), ("48", 15), ("43", 12), ("54", 11), ("52", 9), ("51", 7),
        ("53", 5), ("23", 4), ("55", 4), ("50", 3),
    ]);

    /// <summary>Education codes (GB/T 4658) in rough proportion among organization members, per thousand.</summary>
    private static readonly Weighted<string> Educations = new(
    [
        ("21", 450), ("31", 250), ("14", 110), ("61", 80), ("41", 40), ("44", 20), ("47", 20), ("11", 15), ("71", 15),
    ]);

    /// <summary>Real county-level region codes (GB/T 2260) with the address they stand for.</summary>
    private static readonly (string Code, string Place)[] Regions =
    [
        ("110101", "北京市东城区"), ("110105", "北京市朝阳区"), ("110108", "北京市海淀区"),
        ("120101", "天津市和平区"), ("120104", "天津市南开区"),
        ("130102", "河北省石家庄市长安区"), ("140105", "山西省太原市小店区"), ("150102", "内蒙古自治区呼和浩特市新城区"),
        ("210102", "辽宁省沈阳市和平区"), ("210202", "辽宁省大连市中山区"), ("220102", "吉林省长春市南关区"),
        ("230102", "黑龙江省哈尔滨市道里区"),
        ("310101", "上海市黄浦区"), ("310104", "上海市徐汇区"), ("310115", "上海市浦东新区"),
        ("320102", "江苏省南京市玄武区"), ("320505", "江苏省苏州市虎丘区"), ("330106", "浙江省杭州市西湖区"),
        ("330203", "浙江省宁波市海曙区"), ("340104", "安徽省合肥市蜀山区"), ("350102", "福建省福州市鼓楼区"),
        ("350203", "福建省厦门市思明区"), ("360102", "江西省南昌市东湖区"), ("370102", "山东省济南市历下区"),
        ("370202", "山东省青岛市市南区"),
        ("410105", "河南省郑州市金水区"), ("420106", "湖北省武汉市武昌区"), ("430104", "湖南省长沙市岳麓区"),
        ("440106", "广东省广州市天河区"), ("440304", "广东省深圳市福田区"), ("450103", "广西壮族自治区南宁市青秀区"),
        ("460105", "海南省海口市秀英区"),
        ("500103", "重庆市渝中区"), ("510104", "四川省成都市锦江区"), ("520102", "贵州省贵阳市南明区"),
        ("530102", "云南省昆明市五华区"), ("540102", "西藏自治区拉萨市城关区"),
        ("610113", "陕西省西安市雁塔区"), ("620102", "甘肃省兰州市城关区"), ("630102", "青海省西宁市城东区"),
        ("640104", "宁夏回族自治区银川市兴庆区"), ("650102", "新疆维吾尔自治区乌鲁木齐市天山区"),
    ];

    private static readonly string[] Streets =
    [
        "人民路", "解放路", "中山路", "建设路", "和平路", "文化路", "胜利路", "光明街", "新华路", "青年路",
        "长江路", "黄河路", "朝阳路", "幸福街", "友谊路", "健康路", "团结路", "花园路", "学府路", "工业路",
        "滨河路", "环城路", "北京路", "南京路", "东风路", "五一路", "振兴街", "育才路", "明珠大道", "科技大道",
    ];

    /// <summary>Mobile prefixes in use: 130–139, 150–159 but 154, the 170s, 180–189 and the 190s.</summary>
    private static readonly int[] MobilePrefixes =
    [
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
        150, 151, 152, 153, 155, 156, 157, 158, 159,
        170, 171, 173, 175, 176, 177, 178,
        180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
        190, 191, 192, 193, 195, 196, 197, 198, 199,
    ];

    private readonly Random random = new(seed);

    /// <summary>Generates the next person, male or female with equal probability, born within the given range.</summary>
    /// <param name="minBirth">The earliest birth date (not before <see cref="CitizenIdNumber.EarliestBirthDate"/>).</param>
    /// <param name="maxBirth">The latest birth date, inclusive.</param>
    /// <returns>The person.</returns>
    public DemoPerson Next(DateOnly minBirth, DateOnly maxBirth) => Next(minBirth, maxBirth, null);

    /// <summary>Generates the next person of the given gender, born within the given range.</summary>
    /// <param name="minBirth">The earliest birth date (not before <see cref="CitizenIdNumber.EarliestBirthDate"/>).</param>
    /// <param name="maxBirth">The latest birth date, inclusive.</param>
    /// <param name="male"><see langword="true"/> for a man, <see langword="false"/> for a woman, <see langword="null"/> for either.</param>
    /// <returns>The person.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or starts before <see cref="CitizenIdNumber.EarliestBirthDate"/>.</exception>
    public DemoPerson Next(DateOnly minBirth, DateOnly maxBirth, bool? male)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minBirth, CitizenIdNumber.EarliestBirthDate);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBirth, minBirth);

        var isMale = male ?? random.Next(2) == 0;
        var name = NextName(isMale);
        var ethnicity = random.Next(1000) < 910 ? "01" : Minorities.Pick(random);
        var birthDate = DateOnly.FromDayNumber(random.Next(minBirth.DayNumber, maxBirth.DayNumber + 1));
        var region = Regions[random.Next(Regions.Length)];
        var idNumber = NextIdNumber(region.Code, birthDate, isMale);
        var phone = NextPhone();
        var education = Educations.Pick(random);
        var address = NextAddress(region.Place);

        return new DemoPerson(name, isMale ? "1" : "2", ethnicity, birthDate, idNumber, phone, education, address);
    }

    /// <summary>Generates a name: a surname weighted by frequency and a given name of one (30%) or two (70%) characters.</summary>
    /// <param name="male"><see langword="true"/> for a man's name, <see langword="false"/> for a woman's, <see langword="null"/> for either.</param>
    /// <returns>The full name, surname first.</returns>
    public string NextName(bool? male = null)
    {
        var pool = (male ?? random.Next(2) == 0) ? MaleGivenNameCharacters : FemaleGivenNameCharacters;
        var surname = Surnames.Pick(random);

        Span<char> buffer = stackalloc char[4];
        surname.AsSpan().CopyTo(buffer);
        var length = surname.Length;
        buffer[length++] = pool[random.Next(pool.Length)];
        if (random.Next(10) < 7)
        {
            buffer[length++] = pool[random.Next(pool.Length)];
        }

        return new string(buffer[..length]);
    }

    private string NextIdNumber(string regionCode, DateOnly birthDate, bool male)
    {
        Span<char> id = stackalloc char[CitizenIdNumber.Length];
        regionCode.AsSpan().CopyTo(id);
        WriteDigits(id.Slice(6, 4), birthDate.Year);
        WriteDigits(id.Slice(10, 2), birthDate.Month);
        WriteDigits(id.Slice(12, 2), birthDate.Day);

        // Odd sequence numbers are men's, even ones women's (1–999; 000 is avoided).
        var sequence = male ? (random.Next(500) * 2) + 1 : random.Next(1, 500) * 2;
        WriteDigits(id.Slice(14, 3), sequence);
        id[17] = CitizenIdNumber.ComputeCheckDigit(id[..17]);
        return new string(id);
    }

    private string NextPhone()
    {
        Span<char> phone = stackalloc char[PhoneNumber.Length];
        WriteDigits(phone[..3], MobilePrefixes[random.Next(MobilePrefixes.Length)]);
        WriteDigits(phone[3..], random.Next(100_000_000));
        return new string(phone);
    }

    private string NextAddress(string place)
    {
        var street = Streets[random.Next(Streets.Length)];
        var number = random.Next(1, 400);
        var building = random.Next(1, 31);
        var unit = random.Next(1, 7);
        var floor = random.Next(1, 19);
        var room = random.Next(1, 5);
        return $"{place}{street}{number}号{building}号楼{unit}单元{floor}{room:D2}室";
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> zero-padded decimal digits.</summary>
    private static void WriteDigits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Values with precomputed cumulative integer weights, picked by binary search without allocating.</summary>
    private sealed class Weighted<T>
    {
        private readonly T[] values;
        private readonly int[] cumulative;
        private readonly int total;

        public Weighted((T Value, int Weight)[] items)
        {
            values = new T[items.Length];
            cumulative = new int[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(items[i].Weight);
                total += items[i].Weight;
                values[i] = items[i].Value;
                cumulative[i] = total;
            }
        }

        public T Pick(Random random)
        {
            // The first index whose cumulative weight exceeds r.
            var r = random.Next(total);
            var index = Array.BinarySearch(cumulative, r);
            return values[index >= 0 ? index + 1 : ~index];
        }
    }
}
