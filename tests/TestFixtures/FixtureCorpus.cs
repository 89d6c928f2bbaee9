using System.Globalization;

namespace Planck.Tests.Fixtures;

/// <summary>
/// Eight topical documents of real prose with specific, checkable facts (names, numbers, dates), so retrieval
/// tests can ask questions whose answers sit in one known passage. ASCII only: the PDF fixtures use a standard
/// font whose encoding has no room for typographic punctuation.
/// </summary>
public static class FixtureCorpus
{
    public static CorpusDocument CompanyHandbook { get; } = new("handbook", "Northwind Labs Employee Handbook",
    [
        new("Working hours and leave",
        [
            "Core hours at Northwind Labs run from 10:00 to 15:00 on weekdays; outside those hours people arrange their day with their team. "
            + "Full-time staff receive 27 days of paid annual leave plus public holidays, and leave of up to 5 unused days may be carried into the next year until 31 March.",
            "Parental leave is 20 weeks at full pay for every parent, regardless of gender, taken in one block or in up to three parts before the child turns two. "
            + "Sick leave needs no certificate for the first 3 days; from the fourth day a note from a doctor is required and should be sent to people@northwindlabs.example.",
        ]),
        new("Equipment and security",
        [
            "Every new starter chooses a laptop from the standard list on their first day: a 14-inch ThinkPad T14 or a 14-inch MacBook Pro. "
            + "Laptops are replaced every 4 years, and a home-office budget of 750 euros covers a chair, a monitor or a desk once per employment.",
            "Two-factor authentication is mandatory for every company account. Lost or stolen devices must be reported to the security desk within 2 hours, "
            + "day or night, on extension 4411. The security lead, Ingrid Halvorsen, reviews every report the next working day.",
        ]),
        new("Learning and reviews",
        [
            "Each employee has a personal learning budget of 1,200 euros per calendar year for courses, conferences and books, approved by their manager. "
            + "Unspent learning budget does not carry over into the following year.",
            "Performance conversations happen twice a year, in April and in October. Salary reviews follow the October conversation and take effect on 1 January. "
            + "Promotions can be proposed at either review by the manager or by the employee themselves.",
        ]),
    ]);

    public static CorpusDocument ProductManual { get; } = new("manual", "Aquila 3 Espresso Machine User Manual",
    [
        new("Setting up the machine",
        [
            "Place the Aquila 3 on a flat, dry surface at least 10 centimetres from the wall. Fill the water tank, which holds 1.8 litres, with fresh cold water; "
            + "never use sparkling or distilled water because the boiler sensor needs dissolved minerals to read the level.",
            "Before the first use, run two full tanks of water through the group head and the steam wand without coffee. The boiler heats to 93 degrees Celsius "
            + "in about 4 minutes; the ring around the power button stops blinking and stays green when the machine is ready.",
        ]),
        new("Brewing and steaming",
        [
            "For a double espresso, dose 18 grams of finely ground coffee into the double basket, tamp with about 15 kilograms of pressure and brew for 25 to 30 seconds "
            + "until the cup holds about 36 grams. The pump delivers 9 bar of pressure at the group head.",
            "To steam milk, purge the wand for 2 seconds, submerge the tip just below the surface and open the steam knob fully. Stop when the jug is too hot to hold, "
            + "around 60 to 65 degrees Celsius, and wipe the wand immediately with a damp cloth.",
        ]),
        new("Cleaning and troubleshooting",
        [
            "Descale the machine every 3 months, or every 6 weeks in hard-water areas, using the Aquila descaling liquid diluted 1 to 4 with water. "
            + "Backflush the group head with the blind basket and cleaning tablets once a week.",
            "Error code E7 means the water tank is missing or empty; refill it and press the power button twice. Error code E12 means the boiler has overheated; "
            + "switch the machine off for 30 minutes. If E12 returns, call Aquila service on +44 20 7946 0321 and quote the serial number on the base plate.",
        ]),
    ]);

    public static CorpusDocument FinanceReport { get; } = new("finance", "Northwind Labs Quarterly Finance Report 2024",
    [
        new("Summary",
        [
            "Revenue for 2024 reached 14.6 million euros across four quarters and three regions, with Europe the largest region in every quarter. "
            + "The third quarter was the strongest, driven by the Nordic public-sector contract signed on 12 July 2024.",
            "Quarterly figures were audited by Brandt and Partners; the fourth quarter closed on 15 January 2025 and its audit was still open when this report was written.",
        ]),
    ]);

    public static IReadOnlyList<FinanceRow> FinanceRows { get; } =
    [
        new("Q1 2024", "Europe", 2_150_000, 1_720_000, new DateTime(2024, 4, 12), true, "Office move in Rotterdam"),
        new("Q1 2024", "North America", 980_000, 870_500, new DateTime(2024, 4, 12), true, "Two new sales hires"),
        new("Q1 2024", "Asia Pacific", 410_000, 395_250, new DateTime(2024, 4, 12), true, "Singapore partner launch"),
        new("Q2 2024", "Europe", 2_340_000, 1_805_000, new DateTime(2024, 7, 10), true, "Price increase of 6 percent"),
        new("Q2 2024", "North America", 1_045_000, 901_000, new DateTime(2024, 7, 10), true, "Chicago conference"),
        new("Q2 2024", "Asia Pacific", 455_500, 402_000, new DateTime(2024, 7, 10), true, "Currency loss on yen"),
        new("Q3 2024", "Europe", 2_910_000, 1_990_000, new DateTime(2024, 10, 9), true, "Nordic public-sector contract"),
        new("Q3 2024", "North America", 1_120_000, 940_750, new DateTime(2024, 10, 9), true, "Toronto office opened"),
        new("Q3 2024", "Asia Pacific", 502_000, 430_000, new DateTime(2024, 10, 9), true, "Sydney reseller signed"),
        new("Q4 2024", "Europe", 2_480_000, 2_050_000, new DateTime(2025, 1, 15), false, "Year-end bonuses paid"),
        new("Q4 2024", "North America", 1_010_000, 985_000, new DateTime(2025, 1, 15), false, "Holiday promotion"),
        new("Q4 2024", "Asia Pacific", 498_000, 441_500, new DateTime(2025, 1, 15), false, "Tokyo trade fair"),
    ];

    public static IReadOnlyList<StaffMember> Staff { get; } =
    [
        new("Amara Okafor", "Engineering", new DateTime(2019, 3, 4), 86_500, true),
        new("Lucas Moreau", "Sales", new DateTime(2021, 9, 13), 64_000, false),
        new("Ingrid Halvorsen", "Security", new DateTime(2018, 1, 8), 92_000, false),
        new("Kenji Watanabe", "Engineering", new DateTime(2022, 6, 1), 78_250, true),
        new("Sofia Marquez", "Finance", new DateTime(2020, 11, 16), 71_800, true),
        new("Tomasz Nowak", "Support", new DateTime(2023, 2, 20), 48_900, false),
    ];

    public static CorpusDocument RecipeBook { get; } = new("recipes", "Harbour Kitchen Recipe Book",
    [
        new("Saffron fish stew",
        [
            "Serves 4. Soften 2 sliced fennel bulbs and 1 onion in 3 tablespoons of olive oil for 10 minutes, then add a pinch of saffron soaked in 2 tablespoons of warm water, "
            + "400 grams of chopped tomatoes and 750 millilitres of fish stock. Simmer for 20 minutes.",
            "Add 600 grams of firm white fish such as hake in large pieces and 300 grams of mussels, cover, and cook for 6 minutes until the mussels open. "
            + "Discard any mussels that stay closed. Chef Marco Bellini serves it with grilled sourdough rubbed with garlic.",
        ]),
        new("Cardamom buns",
        [
            "Makes 16 buns. Warm 250 millilitres of milk to 37 degrees, stir in 25 grams of fresh yeast, then knead with 500 grams of flour, 75 grams of sugar, "
            + "1 egg and 2 teaspoons of freshly ground cardamom. Work in 100 grams of soft butter and leave to rise for 1 hour.",
            "For the filling, beat 120 grams of butter with 80 grams of brown sugar and 1 tablespoon of cardamom. Roll, fill, cut into strips, twist into knots, "
            + "prove for 30 minutes and bake at 200 degrees Celsius for 10 to 12 minutes.",
        ]),
        new("Green lentil salad",
        [
            "Cook 250 grams of Puy lentils in unsalted water for 22 minutes so they keep their shape, drain, and dress while warm with 4 tablespoons of olive oil, "
            + "2 tablespoons of red wine vinegar and 1 teaspoon of Dijon mustard.",
            "Fold in 150 grams of crumbled feta, a handful of chopped parsley and 12 halved cherry tomatoes. The salad keeps for 3 days in the fridge "
            + "and is the most requested dish on the Harbour Kitchen lunch menu.",
        ]),
    ]);

    public static CorpusDocument TravelPolicy { get; } = new("travel", "Travel Policy",
    [
        new("Booking travel",
        [
            "All business travel is booked through the company travel portal, TripDesk, at least 14 days before departure whenever possible. "
            + "Economy class is the standard for flights under 6 hours; premium economy is allowed for flights of 6 hours or longer.",
            "Trains are preferred over flights for journeys under 5 hours door to door, such as Amsterdam to Paris or London to Edinburgh. "
            + "First-class rail tickets are allowed when they cost no more than 20 percent above second class.",
        ]),
        new("Per diems",
        [
            "The daily allowance for meals is 65 euros within the European Union, 90 US dollars in the United States and 7,500 yen in Japan. "
            + "Per diems are paid for every full travel day; on the days of departure and return 50 percent of the daily allowance applies.",
            "Alcohol is not reimbursed, except for client dinners approved in advance by a director. Hotel nights are capped at 180 euros in Europe, "
            + "with a higher cap of 260 euros in London, Zurich and Oslo.",
        ]),
        new("Expense claims",
        [
            "Expense claims must be submitted in the finance system within 30 days of the trip's end, with a photo of every receipt above 25 euros. "
            + "Claims are reimbursed with the next monthly salary payment after approval by the traveller's manager.",
            "Questions about this policy go to the travel coordinator, Priya Raman, at travel@northwindlabs.example. The policy was last revised on 1 March 2024.",
        ]),
    ]);

    public static CorpusDocument IncidentPostmortem { get; } = new("postmortem", "Postmortem: Checkout Outage of 18 September 2024",
    [
        new("Summary",
        [
            "On 18 September 2024 between 14:02 and 15:49 UTC, customers could not complete purchases in the web shop: 107 minutes of checkout downtime. "
            + "About 3,400 orders failed, with an estimated revenue impact of 212,000 euros. Incident commander was Daniel Osei.",
            "The root cause was an expired TLS certificate on the internal payment gateway, pay-gw-02, whose automatic renewal job had been failing silently since 20 August.",
        ]),
        new("Timeline",
        [
            "14:02 the first alerts fired for failed payment calls. 14:11 the on-call engineer, Mei Lin, escalated to a major incident. "
            + "14:37 the team ruled out a database failover after checking replication lag. 15:20 the expired certificate was identified in the gateway logs.",
            "15:41 a new certificate was issued and deployed manually. 15:49 checkout success rates returned to normal at 99.2 percent, and the incident was closed at 16:30.",
        ]),
        new("Action items",
        [
            "Alert when any certificate is within 14 days of expiry, owned by the platform team and due by 1 October 2024. "
            + "Make the renewal job fail loudly by paging on-call after two consecutive failures, due by 8 October 2024.",
            "Add the payment gateway's certificate status to the checkout dashboard, and run a game day on certificate expiry in the fourth quarter.",
        ]),
    ]);

    public static CorpusDocument ResearchSummary { get; } = new("research", "Research Summary: Urban Heat and Street Trees",
    [
        new("Study design",
        [
            "The study measured surface and air temperatures on 48 streets in Rotterdam between June and August 2023, comparing streets with mature tree canopy "
            + "to streets without trees. Sensors recorded readings every 10 minutes at 1.5 metres above the pavement.",
            "The research team was led by Dr. Elena Vasquez at the Delft Institute for Climate Adaptation, with funding of 340,000 euros from the city.",
        ]),
        new("Findings",
        [
            "Streets with at least 30 percent canopy cover were on average 2.8 degrees Celsius cooler in the afternoon than treeless streets, "
            + "and surface temperatures of the pavement differed by up to 15 degrees on the hottest day, 14 August 2023.",
            "The cooling effect was strongest between 13:00 and 17:00 and weakest at night, when the difference shrank to 0.9 degrees. "
            + "Linden and plane trees gave more shade per trunk than the young birches planted after 2015.",
        ]),
        new("Recommendations",
        [
            "The authors recommend planting at least 1,200 additional street trees in the districts of Charlois and Feijenoord, "
            + "where heat-related hospital visits were highest, and prioritising species with broad crowns.",
            "They also recommend repeating the measurements in 2028 to track how the newly planted trees change street temperatures as their crowns grow.",
        ]),
    ]);

    public static IReadOnlyList<GlossaryEntry> GlossaryEntries { get; } =
    [
        new("Burn rate", "The amount of cash a company spends each month beyond its income; at Northwind Labs it was 310,000 euros in January 2024."),
        new("Churn", "The share of customers who cancel in a period; the 2024 target is below 2.5 percent per month."),
        new("Lead time", "The time from an order being placed to its delivery; for hardware orders the standard is 12 working days."),
        new("Runbook", "A written procedure for an operational task, such as rotating certificates, kept in the operations wiki."),
        new("SLA", "Service level agreement: the uptime promised to customers, 99.9 percent per calendar month for the web shop."),
        new("Sprint", "A two-week block of planned engineering work that starts on a Wednesday."),
        new("TripDesk", "The company travel portal through which all flights, trains and hotels are booked."),
        new("Vesting cliff", "The first 12 months of an option grant, after which a quarter of the options vest at once."),
    ];

    public static CorpusDocument Glossary { get; } = new("glossary", "Glossary of Internal Terms",
    [
        new("Terms", GlossaryEntries.Select(entry => $"{entry.Term}: {entry.Definition}").ToList()),
    ]);

    /// <summary>The finance report as prose: its summary, then one sentence per row.</summary>
    public static CorpusDocument FinanceReportWithRows { get; } = FinanceReport with
    {
        Sections = [.. FinanceReport.Sections, new CorpusSection("Figures by quarter and region", FinanceRows.Select(DescribeRow).ToList())],
    };

    public static IReadOnlyList<CorpusDocument> Documents { get; } =
    [
        CompanyHandbook, ProductManual, FinanceReportWithRows, RecipeBook, TravelPolicy, IncidentPostmortem, ResearchSummary, Glossary,
    ];

    public static IReadOnlyList<CorpusProbe> Probes { get; } =
    [
        new("How many days of annual leave do full-time staff get?", CompanyHandbook.Key, "27 days of paid annual leave"),
        new("Who reviews reports of lost or stolen laptops?", CompanyHandbook.Key, "Ingrid Halvorsen"),
        new("What does error code E12 on the espresso machine mean?", ProductManual.Key, "the boiler has overheated"),
        new("How much coffee goes into a double espresso?", ProductManual.Key, "18 grams"),
        new("What was the revenue in Europe in Q3 2024?", FinanceReport.Key, "2910000"),
        new("Which quarters were not audited yet?", FinanceReport.Key, "Q4 2024"),
        new("How long should the Puy lentils cook?", RecipeBook.Key, "22 minutes"),
        new("At what temperature are the cardamom buns baked?", RecipeBook.Key, "200 degrees Celsius"),
        new("What is the meal per diem in the United States?", TravelPolicy.Key, "90 US dollars"),
        new("Who is the travel coordinator?", TravelPolicy.Key, "Priya Raman"),
        new("What caused the checkout outage?", IncidentPostmortem.Key, "expired TLS certificate"),
        new("How long was checkout down in September 2024?", IncidentPostmortem.Key, "107 minutes"),
        new("How much cooler were streets with tree canopy?", ResearchSummary.Key, "2.8 degrees Celsius cooler"),
        new("Who led the urban heat study?", ResearchSummary.Key, "Elena Vasquez"),
        new("What uptime does the web shop SLA promise?", Glossary.Key, "99.9 percent"),
        new("How long is a sprint?", Glossary.Key, "two-week block"),

        // Paraphrases: few words shared with the answering passage, so full-text alone often misses them.
        new("What are the core working hours?", CompanyHandbook.Key, "10:00 to 15:00"),
        new("How long can a new mother or father stay home with a baby?", CompanyHandbook.Key, "20 weeks at full pay"),
        new("Until when can I carry over leave I did not use?", CompanyHandbook.Key, "31 March"),
        new("How often do we get a new computer?", CompanyHandbook.Key, "every 4 years"),
        new("How much money can I spend on courses and conferences each year?", CompanyHandbook.Key, "1,200 euros"),
        new("When does a pay rise start to apply?", CompanyHandbook.Key, "1 January"),
        new("How much water fits in the espresso machine?", ProductManual.Key, "1.8 litres"),
        new("How often should the coffee machine be descaled?", ProductManual.Key, "every 3 months"),
        new("What pressure does the pump of the Aquila produce?", ProductManual.Key, "9 bar"),
        new("The espresso machine shows E7, what is wrong?", ProductManual.Key, "water tank is missing or empty"),
        new("In which quarter did the Toronto office open?", FinanceReport.Key, "Toronto"),
        new("Which department is Kenji Watanabe in?", FinanceReport.Key, "Kenji Watanabe"),
        new("How many cardamom buns does the recipe make?", RecipeBook.Key, "16 buns"),
        new("Which fish goes into the saffron stew?", RecipeBook.Key, "hake"),
        new("What is the most a hotel night in London may cost?", TravelPolicy.Key, "260 euros"),
        new("What is the deadline for handing in travel receipts?", TravelPolicy.Key, "within 30 days"),
        new("May I take a first class train?", TravelPolicy.Key, "20 percent above second class"),
        new("Who led the response to the payment outage?", IncidentPostmortem.Key, "Daniel Osei"),
        new("At what time did the team find the expired certificate?", IncidentPostmortem.Key, "15:20"),
        new("What alerting was agreed so certificates do not expire again?", IncidentPostmortem.Key, "within 14 days of expiry"),
        new("How many new trees should the city plant?", ResearchSummary.Key, "1,200 additional street trees"),
        new("Which tree species gave the most shade?", ResearchSummary.Key, "Linden and plane trees"),
        new("Where were the street temperatures measured?", ResearchSummary.Key, "48 streets in Rotterdam"),
        new("What share of customers may cancel each month?", Glossary.Key, "2.5 percent"),
        new("What is a vesting cliff?", Glossary.Key, "first 12 months"),
        new("How much cash did the company burn per month?", Glossary.Key, "310,000 euros"),
        new("How long does delivery of hardware take?", Glossary.Key, "12 working days"),
    ];

    private static string DescribeRow(FinanceRow row) => string.Create(CultureInfo.InvariantCulture,
        $"In {row.Quarter} the {row.Region} region had revenue of {row.Revenue:0} euros and expenses of {row.Expenses:0} euros; the quarter closed on {row.ClosedOn:yyyy-MM-dd} and was {(row.Audited ? "audited" : "not yet audited")}. Note: {row.Notes}.");
}
