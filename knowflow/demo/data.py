"""The raw material of the demo organization: names, places, departments, topics and the
sentence templates that bios, aspirations and timelines are built from.

Everything here is invented. Company names in timelines are the well-known fictional sample
companies (Contoso, Fabrikam, ...), so no real employer appears on a demo profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORGANIZATION_NAME = "Northwind Labs"
EMAIL_DOMAIN = "northwind.example"
PASSWORD = "knowflow-demo"

# --- Locations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocationSpec:
    name: str
    country: str
    timezone: str
    # How likely each naming culture is among the people hired here (on top of a baseline
    # shared by every office: Northwind hires internationally everywhere).
    cultures: dict[str, float]


LOCATIONS: list[LocationSpec] = [
    LocationSpec(
        "Lisbon",
        "Portugal",
        "Europe/Lisbon",
        {"portuguese": 30, "spanish": 8, "brazilian": 10, "french": 4, "italian": 4},
    ),
    LocationSpec(
        "Berlin",
        "Germany",
        "Europe/Berlin",
        {"german": 28, "turkish": 8, "slavic": 8, "dutch": 5, "nordic": 5, "greek": 3},
    ),
    LocationSpec(
        "New York",
        "United States",
        "America/New_York",
        {"anglo": 30, "spanish": 10, "south_asian": 6, "chinese": 4, "west_african": 4},
    ),
    LocationSpec(
        "Singapore",
        "Singapore",
        "Asia/Singapore",
        {"chinese": 26, "south_asian": 10, "malay_indonesian": 10, "filipino": 6, "japanese": 5},
    ),
]
# Every culture gets this weight in every office.
BASELINE_CULTURE_WEIGHT = 1.5
# Share of people whose first and last names come from different cultures.
MIXED_NAME_SHARE = 0.12

# --- Names ------------------------------------------------------------------------------------


def _w(names: str) -> list[str]:
    """Split a list of names on spaces; "_" joins multi-word names ("van_den_Berg")."""
    return [n.replace("_", " ") for n in names.split()]


NAMES: dict[str, tuple[list[str], list[str]]] = {
    "portuguese": (
        _w(
            "Ana Beatriz Carolina Catarina Diogo Duarte Filipa Francisco Gonçalo Inês João Joana "
            "Leonor Mafalda Marta Miguel Nuno Pedro Rita Rodrigo Rui Sofia Teresa Tiago Tomás"
        ),
        _w(
            "Almeida Carvalho Costa Fernandes Ferreira Gomes Lopes Marques Martins Mendes Moreira "
            "Nunes Oliveira Pereira Pinto Ribeiro Rodrigues Santos Silva Sousa Teixeira Vieira"
        ),
    ),
    "brazilian": (
        _w(
            "Bruno Camila Caio Fernanda Gabriel Isabela Júlia Larissa Lucas Luana Matheus Natália "
            "Rafael Renata Thiago Vinícius Letícia Felipe Bianca Guilherme"
        ),
        _w(
            "Araújo Barbosa Cardoso Cavalcanti Correia Dias Freitas Machado Monteiro Nascimento "
            "Rocha Souza Azevedo Castro Moura Batista"
        ),
    ),
    "spanish": (
        _w(
            "Alejandro Andrés Carmen Daniela Diego Elena Fernando Gabriela Isabel Javier Lucía "
            "Mateo Natalia Pablo Paula Ricardo Sergio Valentina Ximena Marisol Joaquín"
        ),
        _w(
            "Castillo Cruz Flores García González Hernández Jiménez López Martínez Mendoza Morales "
            "Navarro Ortiz Ramírez Reyes Rivera Romero Sánchez Torres Vargas"
        ),
    ),
    "french": (
        _w(
            "Amélie Antoine Baptiste Camille Chloé Élise Inès Juliette Julien Léa Louis Manon "
            "Margaux Mathieu Nicolas Pauline Quentin Rémi Théo Yasmine"
        ),
        _w(
            "Bernard Bonnet Dubois Durand Fontaine Girard Lambert Laurent Lefebvre Leroy Martin "
            "Mercier Moreau Petit Richard Rousseau Simon Thomas"
        ),
    ),
    "italian": (
        _w(
            "Alessandro Alessia Andrea Chiara Davide Federica Francesca Giorgia Giulia Lorenzo "
            "Luca Marco Martina Matteo Riccardo Sara Simone Stefano"
        ),
        _w(
            "Bianchi Bruno Colombo Conti De_Luca Esposito Ferrari Gallo Giordano Greco Lombardi "
            "Mancini Marino Moretti Ricci Rizzo Romano Rossi Russo"
        ),
    ),
    "german": (
        _w(
            "Anna Clara Felix Florian Hannah Jan Jonas Julia Katharina Laura Lea Lena Lukas "
            "Maximilian Miriam Moritz Niklas Sebastian Sophie Tobias Johanna Paul"
        ),
        _w(
            "Becker Braun Fischer Hartmann Hoffmann Klein Koch Krüger Meyer Müller Neumann "
            "Richter Schmidt Schneider Schulz Schwarz Wagner Weber Wolf Zimmermann"
        ),
    ),
    "dutch": (
        _w(
            "Anouk Bram Daan Eva Femke Fleur Iris Jeroen Joris Lieke Lotte Maud Noor Pieter "
            "Ruben Sanne Sem Stijn Thijs Wouter"
        ),
        _w(
            "Bakker Bos Brouwer de_Boer de_Jong de_Vries de_Wit Dekker Dijkstra Hendriks Jansen "
            "Meijer Mulder Peters Smit van_den_Berg van_Dijk van_Leeuwen Visser Vos"
        ),
    ),
    "nordic": (
        _w(
            "Anders Astrid Elin Emma Erik Freja Henrik Ida Ingrid Karin Lars Magnus Maja Mikkel "
            "Nils Oskar Rasmus Saga Sigrid Søren Aino Eero"
        ),
        _w(
            "Andersson Bergström Dahl Eriksson Halvorsen Hansen Holm Jensen Johansson Korhonen "
            "Larsen Lindqvist Lund Mäkinen Nilsson Nyström Olsen Strand Virtanen"
        ),
    ),
    "slavic": (
        _w(
            "Agnieszka Aleksandra Andriy Ewa Ivana Jakub Katarzyna Krzysztof Luka Magdalena "
            "Marek Michał Milena Natalia Olena Paweł Piotr Tomasz Zofia Dmytro"
        ),
        _w(
            "Babić Bondarenko Horvat Jovanović Kaczmarek Kovačević Kovalenko Kowalczyk Krawczyk "
            "Mazur Novak Nowak Petrović Shevchenko Tkachenko Wieczorek Woźniak Wójcik Zając"
        ),
    ),
    "greek": (
        _w(
            "Dimitris Eleni Georgios Ioanna Konstantinos Maria Nikos Sofia Yannis Katerina "
            "Christos Despina"
        ),
        _w(
            "Papadopoulos Georgiou Nikolaidis Konstantinou Vlachos Angelopoulos Dimitriou "
            "Karagiannis Oikonomou Alexiou"
        ),
    ),
    "turkish": (
        _w(
            "Arda Ayşe Burak Can Ceren Defne Deniz Ebru Ece Elif Emre Kerem Melis Mehmet Mert "
            "Onur Selin Serkan Umut Zeynep"
        ),
        _w(
            "Arslan Aslan Aydın Çelik Çetin Demir Doğan Güneş Kara Kaya Kılıç Koç Kurt Öztürk "
            "Özdemir Polat Şahin Yıldız Yılmaz"
        ),
    ),
    "arabic": (
        _w(
            "Ahmed Amira Dina Faris Hala Hassan Karim Khalid Layla Leila Mariam Nour Omar Rania "
            "Salma Samir Tariq Yasmin Youssef Ziad"
        ),
        _w(
            "Abboud Aziz Bakr Darwish El-Amin Farouk Haddad Hamdan Hussein Karam Khalil Mahmoud "
            "Mansour Najjar Nasser Qasim Rashid Sabbagh Said Saleh"
        ),
    ),
    "persian": (
        _w("Arash Dariush Kian Leyla Mina Nasrin Navid Parisa Reza Shirin Soraya Yasaman"),
        _w("Ahmadi Esfahani Hosseini Karimi Mohammadi Rahimi Rostami Sadeghi Tehrani Jafari"),
    ),
    "israeli": (
        _w("Avi Itai Maya Noa Omer Shira Tamar Yael Yonatan Eitan Gal Roni"),
        _w("Ben-David Cohen Friedman Katz Levi Mizrahi Peretz Shapiro Goldberg Azoulay"),
    ),
    "anglo": (
        _w(
            "Aaliyah Aoife Chloe Chris Connor Daniel David Emily Ethan Grace Hannah Imani Jack "
            "Jamal James Keisha Liam Marcus Megan Michael Olivia Rebecca Ryan Sarah Siobhan "
            "Tyler Zoe"
        ),
        _w(
            "Bennett Brooks Brown Campbell Clarke Coleman Davies Evans Hughes Jackson Johnson "
            "Kelly Mitchell Murphy O'Brien Robinson Smith Taylor Thompson Walsh Washington "
            "Williams Wilson Wright"
        ),
    ),
    "west_african": (
        _w(
            "Abena Adaeze Ama Babajide Chiamaka Chinedu Efua Emeka Folake Ifeoma Kofi Kwabena "
            "Kwame Ngozi Obinna Oluwaseun Segun Tunde Yetunde Zainab"
        ),
        _w(
            "Adebayo Adeyemi Afolabi Agyeman Appiah Asante Balogun Boateng Chukwu Danjuma Eze "
            "Mensah Nwosu Obi Ogunleye Okafor Okonkwo Osei Owusu"
        ),
    ),
    "east_african": (
        _w(
            "Abebe Achieng Aisha Amani Baraka Dawit Hana Juma Kamau Kiprono Makena Nia Njeri "
            "Selam Tendai Tesfaye Wambui Wanjiru Zawadi"
        ),
        _w(
            "Banda Bekele Chebet Dlamini Girma Haile Kiprop Moyo Mutua Mwangi Ndlovu Njoroge "
            "Nkosi Ochieng Odhiambo Otieno Tadesse Wanjiku"
        ),
    ),
    "south_asian": (
        _w(
            "Aditya Aisha Ananya Arjun Divya Farhan Fatima Imran Karthik Kavya Lakshmi Meera "
            "Neha Nikhil Priya Rahul Rohan Sanjay Sneha Vikram Anjali Harpreet"
        ),
        _w(
            "Banerjee Chatterjee Desai Gupta Iyer Joshi Kapoor Khan Krishnan Mehta Menon Nair "
            "Patel Perera Pillai Qureshi Rao Reddy Sharma Singh"
        ),
    ),
    "chinese": (
        _w(
            "Hao Hui_Min Jia_Hui Jing Jun Kai Lei Mei Ming Rui Tian Wei Wen_Jie Xiaoling Xin Yan "
            "Ying Yu Zhiwei Shu_Fen"
        ),
        _w(
            "Chen Chua Goh Huang Koh Lau Lee Li Lim Liu Ng Ong Tan Teo Wang Wu Yang Zhang Zhao Zhou"
        ),
    ),
    "japanese": (
        _w(
            "Akari Aoi Ayaka Daiki Emi Haruto Hina Hiroshi Kenji Mei Naomi Ren Riku Sakura "
            "Shota Sota Takumi Yui Yuki Yuto"
        ),
        _w(
            "Abe Hayashi Inoue Ito Kato Kimura Kobayashi Matsumoto Mori Nakamura Sasaki Sato "
            "Shimizu Suzuki Takahashi Tanaka Watanabe Yamada Yamamoto Yoshida"
        ),
    ),
    "korean": (
        _w(
            "Da-eun Dong-hyun Eun-ji Ha-eun Hye-jin Hyun-woo Jae-won Ji-ho Ji-woo Joon Min-jun "
            "Seo-yeon Sung-min Tae-yang Yuna Soo-min"
        ),
        _w("Cho Choi Han Hwang Jang Jung Kang Kim Kwon Lim Oh Park Seo Shin Yoon"),
    ),
    "vietnamese": (
        _w("Anh Duc Hai Huong Khanh Linh Mai Minh Ngoc Phuong Quang Thanh Trang Tuan Vy"),
        _w("Bui Dang Do Hoang Le Ngo Nguyen Pham Phan Tran Truong Vu"),
    ),
    "filipino": (
        _w(
            "Andrea Angelica Bea Carlo Jasmine Jose Kristine Mariel Miguel Paolo Patricia "
            "Rafael Rhea Trisha Joshua"
        ),
        _w(
            "Aquino Bautista Cruz Dela_Cruz Garcia Mendoza Ramos Reyes Santiago Villanueva "
            "Castro Domingo"
        ),
    ),
    "malay_indonesian": (
        _w(
            "Agus Aminah Budi Dewi Fitri Hafiz Indah Nurul Putri Rizky Sari Siti Syafiq Wulan "
            "Arif Haziq"
        ),
        _w(
            "Abdullah Halim Hidayat Ismail Kusuma Pratama Rahman Santoso Setiawan Susanto "
            "Wijaya Hakim"
        ),
    ),
}
for _culture, (_first, _last) in NAMES.items():
    NAMES[_culture] = (sorted(set(_first)), sorted(set(_last)))
del _culture, _first, _last

# --- Topics -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    name: str
    description: str
    synonyms: tuple[str, ...] = ()


TOPICS: list[TopicSpec] = [
    # Engineering
    TopicSpec("python", "Python", "The language behind our backend, data pipelines and scripts."),
    TopicSpec("django", "Django", "The web framework our main application is built with."),
    TopicSpec("javascript", "JavaScript", "The language of the browser.", ("JS",)),
    TopicSpec("typescript", "TypeScript", "JavaScript with types; our frontend standard.", ("TS",)),
    TopicSpec("react", "React", "Component-based UI library used across our web frontends."),
    TopicSpec("postgresql", "PostgreSQL", "Our primary relational database.", ("Postgres", "psql")),
    TopicSpec("sql", "SQL", "Querying and shaping data in relational databases."),
    TopicSpec("api-design", "API design", "Designing HTTP APIs that are pleasant to use."),
    TopicSpec("testing", "Testing", "Unit, integration and end-to-end testing practices."),
    TopicSpec("system-design", "System design", "Architecting systems that scale and fail well."),
    TopicSpec(
        "accessibility",
        "Accessibility",
        "Building products everyone can use, including people with disabilities.",
        ("a11y",),
    ),
    TopicSpec(
        "go", "Go", "The language most of our infrastructure tooling is written in.", ("Golang",)
    ),
    TopicSpec("rust", "Rust", "Systems programming with memory safety."),
    # Platform & security
    TopicSpec(
        "kubernetes",
        "Kubernetes",
        "Container orchestration; where all our services run.",
        ("k8s", "kube"),
    ),
    TopicSpec("docker", "Docker", "Building and running containers."),
    TopicSpec("terraform", "Terraform", "Infrastructure as code for our cloud accounts."),
    TopicSpec("aws", "AWS", "Amazon Web Services, our cloud provider.", ("Amazon Web Services",)),
    TopicSpec(
        "observability",
        "Observability",
        "Metrics, logs and traces: knowing what production is doing.",
        ("monitoring",),
    ),
    TopicSpec(
        "site-reliability-engineering",
        "Site reliability engineering",
        "Keeping services reliable with SLOs, error budgets and automation.",
        ("SRE",),
    ),
    TopicSpec(
        "ci-cd", "CI/CD", "Continuous integration and delivery pipelines.", ("continuous delivery",)
    ),
    TopicSpec(
        "incident-management",
        "Incident management",
        "Running incidents calmly and learning from them.",
    ),
    TopicSpec("security", "Security", "Application and infrastructure security.", ("infosec",)),
    TopicSpec("linux", "Linux", "The operating system under almost everything we run."),
    # Mobile
    TopicSpec("swift", "Swift", "Apple's language for our iOS app."),
    TopicSpec("kotlin", "Kotlin", "The language of our Android app."),
    TopicSpec("react-native", "React Native", "Cross-platform mobile UI with React."),
    # Data
    TopicSpec(
        "machine-learning",
        "Machine learning",
        "Models that learn from data: recommendations, forecasting, classification.",
        ("ML",),
    ),
    TopicSpec(
        "data-visualization",
        "Data visualization",
        "Charts and dashboards that make numbers understandable.",
        ("dataviz",),
    ),
    TopicSpec("statistics", "Statistics", "Reasoning carefully about data and uncertainty."),
    TopicSpec("data-engineering", "Data engineering", "Pipelines, warehouses and data quality."),
    TopicSpec(
        "experimentation",
        "Experimentation",
        "A/B tests and learning from product experiments.",
        ("AB testing",),
    ),
    TopicSpec(
        "generative-ai",
        "Generative AI",
        "Large language models and what they are good for.",
        ("GenAI", "LLMs"),
    ),
    TopicSpec(
        "product-analytics", "Product analytics", "Understanding how people use the product."
    ),
    # Product & design
    TopicSpec("product-management", "Product management", "Deciding what to build, and why."),
    TopicSpec(
        "customer-discovery",
        "Customer discovery",
        "Talking to customers to find problems worth solving.",
    ),
    TopicSpec(
        "user-research",
        "User research",
        "Interviews, usability tests and synthesis.",
        ("UX research",),
    ),
    TopicSpec("ux-design", "UX design", "Designing flows and interfaces that make sense.", ("UX",)),
    TopicSpec("figma", "Figma", "Our design and prototyping tool."),
    TopicSpec(
        "design-systems", "Design systems", "Shared components and guidelines for consistent UI."
    ),
    TopicSpec("roadmapping", "Roadmapping", "Planning and communicating what comes next."),
    # Sales
    TopicSpec("negotiation", "Negotiation", "Reaching agreements that work for both sides."),
    TopicSpec(
        "enterprise-sales", "Enterprise sales", "Selling to large organizations with long cycles."
    ),
    TopicSpec(
        "prospecting", "Prospecting", "Finding and opening conversations with new customers."
    ),
    TopicSpec("salesforce", "Salesforce", "Our CRM, and how to keep it tidy.", ("CRM",)),
    TopicSpec(
        "account-management",
        "Account management",
        "Growing long-term relationships with customers.",
    ),
    TopicSpec("pricing", "Pricing", "Packaging and pricing our plans."),
    TopicSpec("partnerships", "Partnerships", "Working with resellers, integrators and partners."),
    # Marketing
    TopicSpec(
        "content-marketing",
        "Content marketing",
        "Articles, guides and videos that help our audience.",
    ),
    TopicSpec("seo", "SEO", "Search engine optimization.", ("search engine optimization",)),
    TopicSpec("copywriting", "Copywriting", "Words that make people understand and act."),
    TopicSpec("brand-strategy", "Brand strategy", "Who we are and how we sound."),
    TopicSpec("event-planning", "Event planning", "Conferences, meetups and webinars."),
    # Customer success
    TopicSpec(
        "customer-success",
        "Customer success",
        "Helping customers reach their goals with our product.",
    ),
    TopicSpec("onboarding", "Onboarding", "Getting new customers and new colleagues up to speed."),
    TopicSpec(
        "support-operations",
        "Support operations",
        "Tools, queues and processes behind great support.",
    ),
    # People
    TopicSpec(
        "recruiting",
        "Recruiting",
        "Finding and attracting the people we want to hire.",
        ("hiring",),
    ),
    TopicSpec("interviewing", "Interviewing", "Running fair, structured interviews."),
    TopicSpec(
        "learning-and-development",
        "Learning & development",
        "Helping people grow: programs, courses, learning paths.",
        ("L&D",),
    ),
    TopicSpec("coaching", "Coaching", "Helping others find their own answers."),
    TopicSpec(
        "diversity-equity-inclusion",
        "Diversity, equity & inclusion",
        "Building a workplace where everyone belongs.",
        ("DEI",),
    ),
    # Finance, legal & operations
    TopicSpec("budgeting", "Budgeting", "Planning and tracking spend."),
    TopicSpec(
        "financial-modeling", "Financial modeling", "Spreadsheets that forecast the business."
    ),
    TopicSpec("procurement", "Procurement", "Buying software and services the sensible way."),
    TopicSpec("compliance", "Compliance", "SOC 2, ISO 27001 and the audits behind them."),
    TopicSpec("privacy", "Privacy", "Data protection and privacy law.", ("GDPR",)),
    # Cross-cutting
    TopicSpec("public-speaking", "Public speaking", "Talks, demos and presenting with confidence."),
    TopicSpec("writing", "Writing", "Clear documents, proposals and emails."),
    TopicSpec(
        "pkm",
        "PKM",
        "Personal knowledge management: notes, second brains and remembering what you learn.",
        ("personal knowledge management",),
    ),
    TopicSpec("leadership", "Leadership", "Leading people and teams."),
    TopicSpec("mentoring", "Mentoring", "Sharing experience to help someone grow."),
    TopicSpec("facilitation", "Facilitation", "Running workshops and meetings that get somewhere."),
    TopicSpec("remote-work", "Remote work", "Working well across locations and time zones."),
    TopicSpec(
        "project-management", "Project management", "Planning, tracking and delivering projects."
    ),
    TopicSpec("storytelling", "Storytelling", "Turning facts into a narrative people remember."),
    TopicSpec("okrs", "OKRs", "Objectives and key results.", ("objectives and key results",)),
    # Languages
    TopicSpec("german", "German", "Deutsch, for colleagues and customers in DACH."),
    TopicSpec(
        "spanish", "Spanish", "Español, for colleagues and customers in Spain and Latin America."
    ),
    TopicSpec("japanese", "Japanese", "日本語, for our customers in Japan."),
]

# Skills anyone may have on top of their department's.
CROSS_CUTTING = [
    "public-speaking",
    "writing",
    "pkm",
    "mentoring",
    "facilitation",
    "remote-work",
    "project-management",
    "storytelling",
    "okrs",
    "coaching",
]
# What people most often say they want to learn (next to topics from other departments).
POPULAR_TO_LEARN = [
    "machine-learning",
    "generative-ai",
    "public-speaking",
    "data-visualization",
    "negotiation",
    "leadership",
    "rust",
    "german",
    "spanish",
    "japanese",
    "pkm",
    "storytelling",
    "system-design",
    "sql",
    "product-management",
    "ux-design",
    "coaching",
    "writing",
    "kubernetes",
]

# --- Departments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaSpec:
    """Defaults shared by the departments of one kind of work."""

    roles: list[str]
    lead_roles: list[str]
    topics: list[str]
    junior_prefix: str = "Associate "
    # False: titles are used as they are (no Junior/Senior), as in the executive office.
    levelled: bool = True
    milestones: list[str] = field(default_factory=list)


AREAS: dict[str, AreaSpec] = {
    "exec": AreaSpec(
        roles=["Chief of Staff", "Executive Assistant", "Strategy & Operations Lead"],
        lead_roles=["Chief Operating Officer", "Executive Business Partner"],
        topics=[
            "leadership",
            "okrs",
            "storytelling",
            "public-speaking",
            "project-management",
            "negotiation",
        ],
        levelled=False,
        milestones=[
            "Ran our first company-wide offsite",
            "Closed the Series B round",
            "Rolled out company OKRs",
        ],
    ),
    "engineering": AreaSpec(
        roles=["Software Engineer", "Frontend Engineer", "Backend Engineer", "Full-Stack Engineer"],
        lead_roles=["Staff Engineer", "Principal Engineer", "Tech Lead"],
        topics=[
            "python",
            "django",
            "javascript",
            "typescript",
            "react",
            "postgresql",
            "api-design",
            "testing",
            "system-design",
            "accessibility",
            "sql",
        ],
        junior_prefix="Junior ",
        milestones=[
            "Shipped the new checkout flow",
            "Led the move to TypeScript",
            "Gave a talk at our internal tech day",
            "Cut page load time in half",
            "Took over the release process",
        ],
    ),
    "platform": AreaSpec(
        roles=[
            "Platform Engineer",
            "Site Reliability Engineer",
            "Infrastructure Engineer",
            "DevOps Engineer",
        ],
        lead_roles=["Staff Platform Engineer", "Principal SRE", "Tech Lead, Infrastructure"],
        topics=[
            "kubernetes",
            "docker",
            "terraform",
            "aws",
            "observability",
            "site-reliability-engineering",
            "ci-cd",
            "go",
            "linux",
            "postgresql",
            "incident-management",
            "python",
        ],
        junior_prefix="Junior ",
        milestones=[
            "Migrated every service to Kubernetes",
            "Led the PostgreSQL 16 upgrade",
            "Introduced SLOs for the core services",
            "First on-call rotation",
            "Ran the incident review for the March outage",
        ],
    ),
    "mobile": AreaSpec(
        roles=["iOS Engineer", "Android Engineer", "Mobile Engineer", "Mobile QA Engineer"],
        lead_roles=["Staff Mobile Engineer", "Tech Lead, Mobile"],
        topics=[
            "swift",
            "kotlin",
            "react-native",
            "typescript",
            "testing",
            "accessibility",
            "ci-cd",
            "api-design",
        ],
        junior_prefix="Junior ",
        milestones=[
            "Shipped offline mode in the mobile app",
            "Got the app to a 4.8 rating",
            "Rebuilt the app's navigation",
            "Launched the Android tablet layout",
        ],
    ),
    "data": AreaSpec(
        roles=[
            "Data Engineer",
            "Data Scientist",
            "Analytics Engineer",
            "Machine Learning Engineer",
            "Data Analyst",
        ],
        lead_roles=["Staff Data Scientist", "Principal ML Engineer", "Lead Data Engineer"],
        topics=[
            "python",
            "sql",
            "machine-learning",
            "data-visualization",
            "statistics",
            "data-engineering",
            "experimentation",
            "generative-ai",
            "product-analytics",
        ],
        milestones=[
            "Launched the recommendations model",
            "Built the company KPI dashboard",
            "Moved the warehouse to a new stack",
            "Published our experimentation guidelines",
        ],
    ),
    "security": AreaSpec(
        roles=["Security Engineer", "Application Security Engineer", "Security Analyst"],
        lead_roles=["Staff Security Engineer", "Security Architect"],
        topics=[
            "security",
            "compliance",
            "aws",
            "kubernetes",
            "incident-management",
            "linux",
            "go",
            "privacy",
        ],
        junior_prefix="Junior ",
        milestones=[
            "Passed our first SOC 2 audit",
            "Launched the bug bounty program",
            "Ran the company-wide phishing drill",
        ],
    ),
    "product": AreaSpec(
        roles=["Product Manager", "Product Designer", "UX Researcher", "UX Writer"],
        lead_roles=["Group Product Manager", "Principal Designer", "Design Lead"],
        topics=[
            "product-management",
            "customer-discovery",
            "user-research",
            "ux-design",
            "figma",
            "design-systems",
            "roadmapping",
            "product-analytics",
            "accessibility",
            "okrs",
        ],
        milestones=[
            "Launched the new onboarding experience",
            "Ran 40 customer interviews in one quarter",
            "Shipped version 1.0 of our design system",
            "Wrote the product strategy for the year",
        ],
    ),
    "sales": AreaSpec(
        roles=[
            "Account Executive",
            "Sales Development Representative",
            "Solutions Engineer",
            "Sales Operations Analyst",
        ],
        lead_roles=["Sales Team Lead", "Principal Account Executive", "Sales Manager"],
        topics=[
            "negotiation",
            "enterprise-sales",
            "prospecting",
            "salesforce",
            "account-management",
            "pricing",
            "partnerships",
            "storytelling",
        ],
        milestones=[
            "Closed our largest deal of the year",
            "President's Club",
            "Opened our first accounts in a new region",
            "Hit 150% of quota",
        ],
    ),
    "marketing": AreaSpec(
        roles=[
            "Content Marketing Manager",
            "Product Marketing Manager",
            "Growth Marketer",
            "Brand Designer",
            "Marketing Operations Specialist",
        ],
        lead_roles=["Marketing Lead", "Principal Product Marketing Manager"],
        topics=[
            "content-marketing",
            "seo",
            "copywriting",
            "brand-strategy",
            "event-planning",
            "storytelling",
            "data-visualization",
            "writing",
        ],
        milestones=[
            "Relaunched the website",
            "Ran our first user conference",
            "Grew newsletter subscribers to 50,000",
            "Led the brand refresh",
        ],
    ),
    "cs": AreaSpec(
        roles=[
            "Customer Success Manager",
            "Support Engineer",
            "Onboarding Specialist",
            "Technical Account Manager",
        ],
        lead_roles=["Customer Success Lead", "Support Team Lead"],
        topics=[
            "customer-success",
            "onboarding",
            "support-operations",
            "account-management",
            "salesforce",
            "writing",
            "facilitation",
            "sql",
        ],
        milestones=[
            "Brought first-response time under one hour",
            "Built the customer onboarding playbook",
            "Renewed our three largest accounts",
            "Launched the help center",
        ],
    ),
    "people": AreaSpec(
        roles=[
            "People Partner",
            "Recruiter",
            "Learning & Development Specialist",
            "People Operations Specialist",
            "Talent Sourcer",
        ],
        lead_roles=["Lead Recruiter", "People Partner Lead"],
        topics=[
            "recruiting",
            "interviewing",
            "learning-and-development",
            "coaching",
            "diversity-equity-inclusion",
            "onboarding",
            "facilitation",
            "leadership",
        ],
        milestones=[
            "Launched the mentoring program",
            "Hired 60 people in one year",
            "Introduced structured interviews",
            "Ran the first engagement survey",
        ],
    ),
    "finance": AreaSpec(
        roles=["Financial Analyst", "Accountant", "Operations Analyst", "Procurement Specialist"],
        lead_roles=["Financial Controller", "Finance Lead"],
        topics=[
            "budgeting",
            "financial-modeling",
            "procurement",
            "compliance",
            "pricing",
            "negotiation",
            "sql",
        ],
        milestones=[
            "Closed the books in five days",
            "Built the three-year financial model",
            "Rolled out the new expense tool",
        ],
    ),
    "legal": AreaSpec(
        roles=["Legal Counsel", "Privacy Counsel", "Contracts Manager", "Paralegal"],
        lead_roles=["Lead Counsel"],
        topics=["privacy", "compliance", "negotiation", "procurement", "writing"],
        milestones=["Rewrote our customer contract in plain language", "Completed the GDPR review"],
    ),
    "it": AreaSpec(
        roles=["IT Support Specialist", "Systems Administrator", "IT Operations Engineer"],
        lead_roles=["IT Lead"],
        topics=["security", "linux", "onboarding", "compliance", "aws", "procurement"],
        junior_prefix="Junior ",
        milestones=[
            "Rolled out laptops to every new joiner on day one",
            "Moved everyone to single sign-on",
        ],
    ),
}


@dataclass(frozen=True)
class DepartmentSpec:
    path: tuple[str, ...]
    description: str
    # What the team does, as it fits "I work on ...".
    focus: str
    head_title: str
    area: str
    weight: float = 8
    # Location name -> weight; None: the company-wide spread.
    locations: dict[str, float] | None = None

    @property
    def name(self) -> str:
        return self.path[-1]


DEFAULT_LOCATIONS = {"Lisbon": 30, "Berlin": 30, "New York": 25, "Singapore": 15}
EMEA = {"Lisbon": 50, "Berlin": 50}
AMERICAS = {"New York": 1}
APAC = {"Singapore": 1}

# Ordered so that any prefix is a valid tree (parents first). The first 12 are the default
# organization; larger demos take more of the list (see generator.department_count).
DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec(
        ("Executive Office",),
        "The CEO's office: strategy, planning and the company's rhythm.",
        "where the company is going next",
        "Chief Executive Officer",
        "exec",
        0,
        {"New York": 50, "Berlin": 50},
    ),
    DepartmentSpec(
        ("Engineering",),
        "Builds and runs the Northwind product.",
        "the Northwind web app",
        "VP of Engineering",
        "engineering",
        14,
    ),
    DepartmentSpec(
        ("Engineering", "Platform"),
        "The internal platform every product team ships on: infrastructure, CI/CD and reliability.",
        "the platform our product teams ship on",
        "Head of Platform Engineering",
        "platform",
        12,
    ),
    DepartmentSpec(
        ("Engineering", "Mobile"),
        "Our iOS and Android apps.",
        "our iOS and Android apps",
        "Engineering Manager, Mobile",
        "mobile",
        9,
    ),
    DepartmentSpec(
        ("Engineering", "Data & AI"),
        "Data platform, analytics and the machine-learning features in the product.",
        "our data platform and machine-learning features",
        "Head of Data & AI",
        "data",
        10,
    ),
    DepartmentSpec(
        ("Product & Design",),
        "Decides what we build and designs how it works.",
        "what we build next and how it feels",
        "VP of Product",
        "product",
        12,
    ),
    DepartmentSpec(
        ("Sales",),
        "Finds and wins new customers.",
        "helping new customers find their way to Northwind",
        "Chief Revenue Officer",
        "sales",
        10,
        {"New York": 50, "Singapore": 25, "Lisbon": 25},
    ),
    DepartmentSpec(
        ("Sales", "EMEA"),
        "Sales across Europe, the Middle East and Africa.",
        "our customers across Europe, the Middle East and Africa",
        "Sales Director, EMEA",
        "sales",
        11,
        EMEA,
    ),
    DepartmentSpec(
        ("Marketing",),
        "Tells the world about Northwind and brings in demand.",
        "how the world hears about Northwind",
        "VP of Marketing",
        "marketing",
        11,
    ),
    DepartmentSpec(
        ("Customer Success",),
        "Makes sure customers succeed with Northwind, from onboarding to renewal.",
        "making sure customers get real value out of Northwind",
        "VP of Customer Success",
        "cs",
        14,
    ),
    DepartmentSpec(
        ("People & Culture",),
        "Hiring, growth, learning and looking after everyone at Northwind.",
        "hiring, growing and looking after Northwinders",
        "Chief People Officer",
        "people",
        8,
    ),
    DepartmentSpec(
        ("Finance & Operations",),
        "Budgets, contracts, purchasing and the company's back office.",
        "budgets, contracts and keeping the lights on",
        "Chief Financial Officer",
        "finance",
        7,
    ),
    # --- More teams for larger demos ---
    DepartmentSpec(
        ("Sales", "Americas"),
        "Sales across North and South America.",
        "our customers across the Americas",
        "Sales Director, Americas",
        "sales",
        10,
        AMERICAS,
    ),
    DepartmentSpec(
        ("Engineering", "Security"),
        "Keeps Northwind and our customers' data safe.",
        "keeping Northwind and our customers' data safe",
        "Head of Security",
        "security",
        6,
    ),
    DepartmentSpec(
        ("Product & Design", "User Research"),
        "Talks to customers so the rest of us understand them.",
        "understanding our customers",
        "Research Lead",
        "product",
        5,
    ),
    DepartmentSpec(
        ("Customer Success", "Support"),
        "Answers every customer question, day and night.",
        "answering customer questions quickly and well",
        "Head of Support",
        "cs",
        10,
        {"Lisbon": 35, "New York": 30, "Singapore": 35},
    ),
    DepartmentSpec(
        ("Marketing", "Content"),
        "Articles, guides, videos and the newsletter.",
        "our articles, guides and newsletter",
        "Head of Content",
        "marketing",
        6,
    ),
    DepartmentSpec(
        ("Sales", "APAC"),
        "Sales across Asia and the Pacific.",
        "our customers across Asia and the Pacific",
        "Sales Director, APAC",
        "sales",
        8,
        APAC,
    ),
    DepartmentSpec(
        ("Engineering", "Developer Experience"),
        "Tools, builds and docs that make engineers fast.",
        "the tools and builds every engineer uses",
        "Engineering Manager, Developer Experience",
        "platform",
        5,
    ),
    DepartmentSpec(
        ("People & Culture", "Talent Acquisition"),
        "Finds and hires the people Northwind needs.",
        "finding the people we want to hire",
        "Head of Talent Acquisition",
        "people",
        6,
    ),
    DepartmentSpec(
        ("Finance & Operations", "Legal"),
        "Contracts, privacy and everything with a signature.",
        "contracts, privacy and everything with a signature",
        "General Counsel",
        "legal",
        4,
    ),
    DepartmentSpec(
        ("Engineering", "Web"),
        "The web application customers use every day.",
        "the web application customers use every day",
        "Engineering Manager, Web",
        "engineering",
        10,
    ),
    DepartmentSpec(
        ("Product & Design", "Design Systems"),
        "Shared components and guidelines for every Northwind screen.",
        "the components behind every Northwind screen",
        "Design Systems Lead",
        "product",
        4,
    ),
    DepartmentSpec(
        ("Marketing", "Growth"),
        "Experiments that bring more people to Northwind.",
        "experiments that bring more people to Northwind",
        "Head of Growth",
        "marketing",
        5,
    ),
    DepartmentSpec(
        ("Customer Success", "Onboarding"),
        "Gets new customers live and happy in their first 90 days.",
        "new customers' first 90 days",
        "Onboarding Lead",
        "cs",
        6,
    ),
    DepartmentSpec(
        ("Engineering", "Data & AI", "Analytics"),
        "Dashboards, metrics and answers to the company's questions.",
        "the metrics the company runs on",
        "Analytics Lead",
        "data",
        5,
    ),
    DepartmentSpec(
        ("Engineering", "Data & AI", "Machine Learning"),
        "Recommendation, search and forecasting models.",
        "the models behind recommendations and search",
        "Machine Learning Lead",
        "data",
        5,
    ),
    DepartmentSpec(
        ("Engineering", "Platform", "Infrastructure"),
        "Cloud accounts, networks and the clusters we run on.",
        "the clusters and networks we run on",
        "Infrastructure Lead",
        "platform",
        6,
    ),
    DepartmentSpec(
        ("Engineering", "Platform", "Observability"),
        "Metrics, logs, traces and the on-call tooling.",
        "metrics, logs and traces",
        "Observability Lead",
        "platform",
        4,
    ),
    DepartmentSpec(
        ("Engineering", "Mobile", "iOS"),
        "The Northwind iPhone and iPad apps.",
        "the iPhone and iPad apps",
        "iOS Lead",
        "mobile",
        4,
    ),
    DepartmentSpec(
        ("Engineering", "Mobile", "Android"),
        "The Northwind Android apps.",
        "the Android apps",
        "Android Lead",
        "mobile",
        4,
    ),
    DepartmentSpec(
        ("Sales", "EMEA", "DACH"),
        "Germany, Austria and Switzerland.",
        "our customers in Germany, Austria and Switzerland",
        "Sales Manager, DACH",
        "sales",
        5,
        {"Berlin": 1},
    ),
    DepartmentSpec(
        ("Sales", "EMEA", "Southern Europe"),
        "Portugal, Spain, Italy and Greece.",
        "our customers in Southern Europe",
        "Sales Manager, Southern Europe",
        "sales",
        4,
        {"Lisbon": 1},
    ),
    DepartmentSpec(
        ("Sales", "Americas", "North America"),
        "The United States and Canada.",
        "our customers in the US and Canada",
        "Sales Manager, North America",
        "sales",
        6,
        AMERICAS,
    ),
    DepartmentSpec(
        ("Sales", "Americas", "Latin America"),
        "Mexico, Brazil and the rest of Latin America.",
        "our customers in Latin America",
        "Sales Manager, Latin America",
        "sales",
        4,
        {"New York": 60, "Lisbon": 40},
    ),
    DepartmentSpec(
        ("Sales", "Solutions Engineering"),
        "Technical experts who help customers evaluate Northwind.",
        "technical evaluations with prospective customers",
        "Head of Solutions Engineering",
        "sales",
        5,
    ),
    DepartmentSpec(
        ("Sales", "Partnerships"),
        "Resellers, integrators and technology partners.",
        "our resellers and technology partners",
        "Head of Partnerships",
        "sales",
        4,
    ),
    DepartmentSpec(
        ("People & Culture", "Learning & Development"),
        "Programs, mentoring and learning paths for everyone.",
        "learning programs and mentoring",
        "Head of Learning & Development",
        "people",
        4,
    ),
    DepartmentSpec(
        ("People & Culture", "People Operations"),
        "Contracts, payroll, benefits and the people systems.",
        "payroll, benefits and our people systems",
        "People Operations Lead",
        "people",
        4,
    ),
    DepartmentSpec(
        ("Finance & Operations", "Procurement"),
        "Buying what the company needs, sensibly.",
        "buying what the company needs",
        "Procurement Lead",
        "finance",
        3,
    ),
    DepartmentSpec(
        ("Finance & Operations", "IT"),
        "Laptops, accounts and the tools everyone works with.",
        "the laptops and tools everyone works with",
        "Head of IT",
        "it",
        5,
    ),
    DepartmentSpec(
        ("Marketing", "Events"),
        "Conferences, meetups and our annual user conference.",
        "our conferences and meetups",
        "Events Lead",
        "marketing",
        3,
    ),
    DepartmentSpec(
        ("Marketing", "Product Marketing"),
        "Positioning, launches and sales enablement.",
        "positioning and product launches",
        "Head of Product Marketing",
        "marketing",
        4,
    ),
    DepartmentSpec(
        ("Customer Success", "Enterprise Accounts"),
        "Our largest customers and their success plans.",
        "our largest customers",
        "Enterprise Success Lead",
        "cs",
        5,
    ),
    DepartmentSpec(
        ("Customer Success", "Customer Education"),
        "Courses, webinars and certification for customers.",
        "courses and webinars for customers",
        "Customer Education Lead",
        "cs",
        3,
    ),
    DepartmentSpec(
        ("Engineering", "Payments"),
        "Billing, invoicing and payment integrations.",
        "billing and payments",
        "Engineering Manager, Payments",
        "engineering",
        5,
    ),
    DepartmentSpec(
        ("Engineering", "Integrations"),
        "Connectors to the tools our customers already use.",
        "connectors to the tools our customers use",
        "Engineering Manager, Integrations",
        "engineering",
        5,
    ),
    DepartmentSpec(
        ("Engineering", "Quality Engineering"),
        "Test automation and release quality.",
        "test automation and release quality",
        "Head of Quality Engineering",
        "engineering",
        4,
    ),
    DepartmentSpec(
        ("Sales", "APAC", "Australia & New Zealand"),
        "Customers in Australia and New Zealand.",
        "our customers in Australia and New Zealand",
        "Sales Manager, ANZ",
        "sales",
        3,
        APAC,
    ),
    DepartmentSpec(
        ("Sales", "APAC", "Japan"),
        "Customers in Japan.",
        "our customers in Japan",
        "Sales Manager, Japan",
        "sales",
        3,
        APAC,
    ),
    DepartmentSpec(
        ("Sales", "EMEA", "Nordics"),
        "Sweden, Norway, Denmark and Finland.",
        "our customers in the Nordics",
        "Sales Manager, Nordics",
        "sales",
        3,
        {"Berlin": 1},
    ),
    DepartmentSpec(
        ("Sales", "EMEA", "UK & Ireland"),
        "The United Kingdom and Ireland.",
        "our customers in the UK and Ireland",
        "Sales Manager, UK & Ireland",
        "sales",
        4,
        {"Lisbon": 40, "Berlin": 60},
    ),
    DepartmentSpec(
        ("Product & Design", "Product Operations"),
        "Tools, rituals and data for the product teams.",
        "how our product teams work",
        "Product Operations Lead",
        "product",
        3,
    ),
    DepartmentSpec(
        ("Engineering", "Web", "Growth Engineering"),
        "Sign-up, activation and experiments in the product.",
        "sign-up and activation experiments",
        "Engineering Manager, Growth",
        "engineering",
        4,
    ),
    DepartmentSpec(
        ("Engineering", "Security", "Security Operations"),
        "Detection, response and the security on-call.",
        "detecting and responding to security threats",
        "Security Operations Lead",
        "security",
        3,
    ),
]

# --- The two sign-in accounts -----------------------------------------------------------------

ADMIN = {
    "email": f"admin@{EMAIL_DOMAIN}",
    "full_name": "Noor Haddad",
    "title": "Knowflow Administrator",
    "department": ("People & Culture",),
    "location": "Berlin",
    "bio": (
        "I look after **Knowflow** for Northwind Labs: invitations, departments, topics and "
        "anything that looks broken. If something on the platform puzzles you, tell me."
    ),
    "skills": ["learning-and-development", "facilitation", "onboarding"],
    "timeline": [
        ("role", "Knowflow Administrator", "People & Culture, Northwind Labs", 0.8, None),
        ("role", "IT Support Specialist at Fabrikam", "", 4.2, 0.9),
    ],
}

MEMBER = {
    "email": f"maria.santos@{EMAIL_DOMAIN}",
    "full_name": "Maria Santos",
    "title": "Senior Software Engineer",
    "department": ("Engineering", "Platform"),
    "location": "Lisbon",
    "bio": (
        "I'm a backend engineer on the **Platform** team in Lisbon, making deploys boring "
        "and our **PostgreSQL** databases fast. Before Northwind I spent five years building "
        "payment systems in Python.\n\n"
        "Outside work: bouldering, and far too many browser tabs about *machine learning*."
    ),
    "aspirations": (
        "Over the next year I want to move into **machine learning engineering**: pair with "
        "the Data & AI team, ship one model to production, and give my first conference talk "
        "about what I learned on the way."
    ),
    "skills": [
        "python",
        "django",
        "postgresql",
        "kubernetes",
        "observability",
        "api-design",
        "ci-cd",
    ],
    "ask_me_about": ["postgresql", "django", "observability"],
    "want_to_learn": ["machine-learning", "public-speaking", "data-visualization"],
    "can_mentor": ["python", "django", "postgresql"],
    "follow_topics": ["machine-learning", "kubernetes", "postgresql", "public-speaking"],
    # She wants to move into machine learning: the Data & AI team's posts come to her feed.
    "follow_departments": [("Engineering", "Data & AI")],
    # (kind, title, detail, years ago it started, years ago it ended or None)
    "timeline": [
        ("role", "Senior Software Engineer", "Platform team, Northwind Labs", 1.5, None),
        (
            "learned",
            "Completed an introduction to machine learning course",
            "Evenings and weekends, twelve weeks; built a small churn model as the final project.",
            0.7,
            0.4,
        ),
        (
            "milestone",
            "Led the PostgreSQL 16 upgrade",
            "Zero downtime, 40% faster reporting queries.",
            0.9,
            None,
        ),
        (
            "role",
            "Software Engineer at Contoso Payments",
            "Payments backend in Python and Django.",
            6.5,
            1.6,
        ),
    ],
}

# --- Bios, aspirations and timelines ----------------------------------------------------------

# {a_title}: "a Senior Data Scientist"; {team}: department name; {focus}: DepartmentSpec.focus;
# {s1}/{s2}: skill topic names; {learn}: a topic to learn; {hobby}: from HOBBIES.
BIO_OPENERS = [
    "I'm {a_title} on the {team} team, working on {focus}.",
    "{title} at Northwind Labs. I spend my days on {focus}.",
    "I work on {focus} as {a_title} in {team}.",
    "I joined Northwind Labs {joined} and today I'm {a_title} in {team}.",
    "Hi! I'm {a_title} in {team} — mostly {focus}.",
]
CEO_OPENERS = [
    "I co-founded Northwind Labs and still spend most of my week on {focus}.",
    "I'm our CEO: I spend my time on {focus}, and on the people who will get us there.",
]
HEAD_OPENERS = [
    "I lead the {team} team: {focus}.",
    "As {title}, I look after {focus}.",
    "I run {team} at Northwind Labs, which means {focus} — and hiring great people to do it.",
]
JOINED = {
    0: ["straight out of university", "after a bootcamp", "as an intern"],
    1: ["a couple of years ago", "from a small startup", "after a few years in consulting"],
    2: ["a few years ago", "from a much larger company", "after a decade in the industry"],
    3: ["in the early days", "when we were thirty people", "after a long stint at a big agency"],
    4: ["in the early days", "when we were thirty people"],
}
BIO_SKILLS = [
    "Most days you'll find me deep in **{s1}** and **{s2}**.",
    "My toolbox is mostly **{s1}** and **{s2}**, plus whatever the problem needs.",
    "Ask me about **{s1}** — I've made most of the mistakes already, so you don't have to.",
    "Lately I've been spending a lot of time on **{s1}**, with a side of {s2}.",
    "I care a lot about **{s1}** and am always happy to talk **{s2}**.",
]
BIO_SKILL_LISTS = [
    "Things I can help with:\n\n- {s1}\n- {s2}",
    "Come to me for:\n\n- **{s1}**\n- **{s2}**",
]
BIO_CLOSERS_LEARNING = [
    "Currently learning **{learn}** — recommendations welcome.",
    "I'm trying to get better at {learn}, one small step at a time.",
    "Next on my list: *{learn}*.",
]
BIO_CLOSERS_PERSONAL = [
    "Outside work: {hobby}.",
    "When I'm offline it's usually {hobby}.",
    "Happy to grab a virtual coffee with anyone curious about {s1}.",
]
HOBBIES = [
    "bouldering",
    "sourdough baking",
    "trail running",
    "chess (badly)",
    "film photography",
    "playing bass in a garage band",
    "cycling",
    "restoring old furniture",
    "learning to surf",
    "volunteering at a coding club for kids",
    "board games",
    "growing chillies on my balcony",
    "long-distance hiking",
    "science fiction novels",
    "amateur astronomy",
    "cooking my grandmother's recipes",
    "cold-water swimming",
    "pottery",
    "salsa dancing",
    "birdwatching",
]

ASPIRATION_GOALS = {
    0: [
        "own a feature from idea to release",
        "find a mentor outside my team",
        "get comfortable presenting my work",
        "understand how the whole product fits together",
    ],
    1: [
        "lead a project end to end",
        "mentor someone new to the team",
        "spend a few months embedded with another team",
        "write more of what I know down for others",
    ],
    2: [
        "grow into a lead role",
        "give a talk at a conference",
        "try people management",
        "become the person others come to for hard problems",
    ],
    3: [
        "grow the next generation of leads",
        "shape our technical and product strategy",
        "build a team that doesn't need me in every meeting",
        "write a book-length guide to how we work",
    ],
    4: [
        "build a team that doesn't need me in every meeting",
        "get better at long-term planning",
        "grow two future department heads",
    ],
}
ASPIRATION_TEMPLATES = [
    "In the next year or two I'd like to {goal}.",
    "My goal: {goal}. Along the way I want to get properly good at **{learn}**.",
    "Next up: {goal}, and learning **{learn}**.",
    "Goals for this year:\n\n- {goal}\n- learn {learn}",
]

COMPANIES = [
    "Contoso",
    "Fabrikam",
    "Tailspin Toys",
    "Wide World Importers",
    "Adventure Works",
    "Litware",
    "Proseware",
    "Lucerne Publishing",
    "Blue Yonder Airlines",
    "Coho Winery",
    "Alpine Ski House",
    "Fourth Coffee",
    "Margie's Travel",
    "Trey Research",
    "Woodgrove Bank",
    "Humongous Insurance",
    "Graphic Design Institute",
    "Relecloud",
]
LEARNED_TITLES = [
    "Learned {topic}",
    "Completed an online course on {topic}",
    "Finished the internal {topic} study group",
    "Took a weekend workshop on {topic}",
    "Read everything I could find on {topic}",
]
LEARNED_DETAILS = [
    "Worth every evening.",
    "Recommended for anyone on the team.",
    "Now applying it every week.",
    "",
    "",
]
GENERIC_MILESTONES = [
    "Ran my first workshop",
    "Mentored two new joiners",
    "Spoke at a meetup",
    "Organized the team offsite",
    "Wrote our team's onboarding guide",
]
TRUST_NOTES = [
    "My go-to for {topic}.",
    "Always gives honest feedback.",
    "Knows {topic} inside out.",
    "Helped me through my first months here.",
    "Best person to sanity-check an idea.",
]

# --- Flows: posts, replies and thanks ---------------------------------------------------------
#
# Post texts are str.format templates (literal braces are doubled). Slots:
#   {topic} / {tag}: the post's topic as it reads in a sentence / as a #hashtag: one of the
#       template's `topics` (the author's own first), else one of the author's skills;
#   {topic2} / {tag2}: a second topic; {learn} / {learn_tag}: something the author wants to learn;
#   {colleague}, {colleague2}: @mentions of teammates (who can see the post);
#   {expert}: an @mention of someone skilled in {topic}; {learn_expert}: skilled in {learn};
#   {customer}, {project} (of the author's area), {team} (the author's department), {city}
#   (the author's office), {other_city}, and numbers: {n} (3-9), {pct} (12-48), {seats},
#   {emails}, {rows} (thousands), {ms_before}, {ms_after}, {minutes}, {weeks}, {version};
#   books: {book}, {book_idea}, {book_idea_cap}, {book_topic}, {book_tags};
#   links: {link_title}, {link_url}, {link_blurb}, {link_topic}, {link_tags}.
# Literal #hashtags must be demo topics (or their synonyms), so posting creates no new topics.
# Kinds decide who reacts how and what replies fit: fix, til, question, invite, lesson,
# link, feedback, celebration, wip, learning, notes.


@dataclass(frozen=True)
class FlowTemplate:
    kind: str
    text: str
    # Candidate topics for {topic}/{tag}/{expert}; empty: the author's skills.
    topics: tuple[str, ...] = ()
    # The author must have one of these among their skills or want-to-learn topics.
    needs: tuple[str, ...] = ()


def _f(kind: str, text: str, topics: tuple[str, ...] = (), needs: tuple[str, ...] = ()):
    return FlowTemplate(kind, text.strip(), topics, needs)


CUSTOMERS = [
    "Fabrikam",
    "Tailspin Toys",
    "Wide World Importers",
    "Adventure Works",
    "Woodgrove Bank",
    "Trey Research",
    "Alpine Ski House",
    "Coho Winery",
    "Litware",
    "Proseware",
    "Relecloud",
    "Lamna Healthcare",
    "VanArsdel",
    "Wingtip Toys",
    "Blue Yonder Airlines",
    "Fourth Coffee",
    "Humongous Insurance",
    "Lucerne Publishing",
    "Margie's Travel",
    "Contoso Pharmaceuticals",
]

PROJECTS = {
    "exec": ["the company offsite", "the annual plan", "the board update", "the new office"],
    "engineering": [
        "the checkout rewrite",
        "the new search page",
        "the billing migration",
        "the notifications revamp",
        "version 2 of the public API",
    ],
    "platform": [
        "the cluster upgrade",
        "the move to shared CI runners",
        "the database failover drill",
        "the new logging pipeline",
        "the secrets migration",
    ],
    "mobile": ["offline mode", "the new navigation", "the tablet layout", "the widgets release"],
    "data": [
        "the churn model",
        "the new KPI dashboard",
        "the warehouse migration",
        "the recommendations model",
        "the experimentation platform",
    ],
    "security": ["the SSO rollout", "the bug bounty launch", "the SOC 2 audit", "the key rotation"],
    "product": [
        "the onboarding redesign",
        "the admin console",
        "the new settings page",
        "the team insights feature",
    ],
    "sales": [
        "the mid-market playbook",
        "the partner program",
        "the new pricing rollout",
        "the EMEA expansion",
    ],
    "marketing": [
        "the website relaunch",
        "the user conference",
        "the customer stories series",
        "the newsletter redesign",
    ],
    "cs": [
        "the onboarding playbook",
        "the help center rewrite",
        "the account health score",
        "the enterprise success plans",
    ],
    "people": [
        "the mentoring program",
        "the new managers' course",
        "learning week",
        "the engagement survey",
        "the interviewer training",
    ],
    "finance": ["the budget cycle", "the expense tool rollout", "the three-year plan"],
    "legal": ["the contract rewrite", "the GDPR review", "the new NDA templates"],
    "it": ["the laptop refresh", "the SSO rollout", "the new helpdesk"],
}


@dataclass(frozen=True)
class BookSpec:
    title: str
    idea: str  # completes "The idea I keep coming back to: ..."
    topics: tuple[str, ...]


BOOKS = [
    BookSpec(
        "Designing Data-Intensive Applications",
        "most hard problems in distributed systems are really about time, and about what happens "
        "when two computers disagree about it.",
        ("system-design", "data-engineering", "postgresql"),
    ),
    BookSpec(
        "Accelerate",
        "speed and stability are not a trade-off; the teams that deploy most often also break "
        "things least.",
        ("ci-cd", "site-reliability-engineering", "leadership"),
    ),
    BookSpec(
        "The Mom Test",
        "ask people about their life, not about your idea. Everyone is optimistic about the "
        "future and nobody lies about last Tuesday.",
        ("customer-discovery", "user-research", "prospecting"),
    ),
    BookSpec(
        "Never Split the Difference",
        'naming the other side\'s worry out loud ("it sounds like the timeline worries you") '
        "opens more doors than any argument.",
        ("negotiation", "enterprise-sales"),
    ),
    BookSpec(
        "Storytelling with Data",
        "remove everything from a chart that doesn't help the one point you're making, then "
        "remove a bit more.",
        ("data-visualization", "storytelling"),
    ),
    BookSpec(
        "How to Take Smart Notes",
        "write every note for your future self as if they were a stranger: full sentences, your "
        "own words, linked to what you already know.",
        ("pkm", "writing"),
    ),
    BookSpec(
        "Building a Second Brain",
        "file notes under the project you'll use them for, not the topic they came from.",
        ("pkm", "project-management"),
    ),
    BookSpec(
        "Team Topologies",
        "design teams around the cognitive load they can carry, and let the architecture follow.",
        ("system-design", "leadership"),
    ),
    BookSpec(
        "Don't Make Me Think",
        "people don't read pages, they scan them, and they click the first reasonable option "
        "rather than the best one.",
        ("ux-design", "accessibility"),
    ),
    BookSpec(
        "Continuous Discovery Habits",
        "talk to a customer every week instead of running a big research project twice a year.",
        ("customer-discovery", "product-management", "user-research"),
    ),
    BookSpec(
        "Radical Candor",
        "caring personally and challenging directly are not opposites; people need both at once.",
        ("leadership", "coaching", "mentoring"),
    ),
    BookSpec(
        "The Manager's Path",
        "a new manager's job is no longer to be the best engineer on the team but to make the "
        "team better than they are.",
        ("leadership", "mentoring"),
    ),
    BookSpec(
        "Measure What Matters",
        "a key result you can hit without changing anything for anyone is just a to-do item.",
        ("okrs", "leadership"),
    ),
    BookSpec(
        "Made to Stick",
        "a concrete story beats an abstract statistic, every single time.",
        ("storytelling", "public-speaking", "copywriting"),
    ),
    BookSpec(
        "Obviously Awesome",
        "positioning starts with what customers would use if we didn't exist.",
        ("brand-strategy", "content-marketing"),
    ),
    BookSpec(
        "Crucial Conversations",
        "when a conversation turns tense, stop arguing about the content and make it safe to "
        "talk again first.",
        ("leadership", "coaching", "facilitation"),
    ),
    BookSpec(
        "The Culture Map",
        "how directly people disagree varies hugely between cultures, and it explains half the "
        "misunderstandings on a distributed team.",
        ("remote-work", "leadership"),
    ),
    BookSpec(
        "Thinking in Systems",
        "most surprising behaviour comes from delays in feedback loops, not from bad intentions.",
        ("system-design", "leadership"),
    ),
    BookSpec(
        "The Challenger Sale",
        "the best sales conversations teach customers something new about their own business.",
        ("enterprise-sales", "account-management"),
    ),
    BookSpec(
        "Good Strategy Bad Strategy",
        "a strategy is a diagnosis, a guiding policy and actions that fit together; a list of "
        "goals is not one.",
        ("leadership", "okrs", "roadmapping"),
    ),
    BookSpec(
        "Writing for Busy Readers",
        "fewer ideas, fewer words, and make the one thing you need from the reader impossible "
        "to miss.",
        ("writing", "copywriting"),
    ),
    BookSpec(
        "Inspired",
        "a product team's job is to solve problems in ways customers love and that work for the "
        "business, not to deliver a roadmap.",
        ("product-management", "roadmapping"),
    ),
]


@dataclass(frozen=True)
class LinkSpec:
    title: str
    url: str
    blurb: str  # completes "Worth reading: <title> — ..."
    topics: tuple[str, ...]


LINKS = [
    LinkSpec(
        "The Twelve-Factor App",
        "https://12factor.net/",
        "old, and still the clearest short list of how to build services that are easy to run",
        ("system-design", "ci-cd", "docker"),
    ),
    LinkSpec(
        "Django's database access optimization guide",
        "https://docs.djangoproject.com/en/stable/topics/db/optimization/",
        "ten minutes of reading that would have saved us most of last year's slow pages",
        ("django", "postgresql", "python"),
    ),
    LinkSpec(
        "Using EXPLAIN",
        "https://www.postgresql.org/docs/current/using-explain.html",
        "the chapter of the PostgreSQL docs on reading query plans, better than any blog post I've "
        "found about it",
        ("postgresql", "sql"),
    ),
    LinkSpec(
        "the Google SRE book",
        "https://sre.google/sre-book/table-of-contents/",
        "free to read online, and the chapters on error budgets and postmortems hold up really well",
        ("site-reliability-engineering", "incident-management", "observability"),
    ),
    LinkSpec(
        "WCAG 2 at a Glance",
        "https://www.w3.org/WAI/standards-guidelines/wcag/glance/",
        "the accessibility guidelines on one page, in plain language",
        ("accessibility", "ux-design"),
    ),
    LinkSpec(
        "10 Usability Heuristics for User Interface Design",
        "https://www.nngroup.com/articles/ten-usability-heuristics/",
        "thirty years old and still the fastest way to review a screen",
        ("ux-design", "user-research", "design-systems"),
    ),
    LinkSpec(
        "the OpenTelemetry observability primer",
        "https://opentelemetry.io/docs/concepts/observability-primer/",
        "a short, vendor-neutral explanation of logs, metrics and traces",
        ("observability", "site-reliability-engineering"),
    ),
    LinkSpec(
        "Google's SEO starter guide",
        "https://developers.google.com/search/docs/fundamentals/seo-starter-guide",
        "straight from the source, and refreshingly free of tricks",
        ("seo", "content-marketing"),
    ),
    LinkSpec(
        "Laws of UX",
        "https://lawsofux.com/",
        "a beautiful collection of the psychology behind good interfaces",
        ("ux-design", "design-systems", "figma"),
    ),
    LinkSpec(
        "RFC 9457, Problem Details for HTTP APIs",
        "https://www.rfc-editor.org/rfc/rfc9457",
        "one standard shape for API errors, so every endpoint stops inventing its own",
        ("api-design",),
    ),
    LinkSpec(
        "the Kubernetes docs on the pod lifecycle",
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/",
        "read the part about probes before you write your next liveness check",
        ("kubernetes", "site-reliability-engineering"),
    ),
    LinkSpec(
        "the GitLab handbook",
        "https://handbook.gitlab.com/",
        "a whole company's way of working, written down in public; the remote-work pages are gold",
        ("remote-work", "writing", "leadership"),
    ),
    LinkSpec(
        "Python's What's New pages",
        "https://docs.python.org/3/whatsnew/index.html",
        "the best release notes of any language I use, and every version hides a gem or two",
        ("python",),
    ),
    LinkSpec(
        "the Markdown Guide",
        "https://www.markdownguide.org/basic-syntax/",
        "for everyone who asked how I format my posts here",
        ("writing", "pkm"),
    ),
    LinkSpec(
        "the GDPR with its recitals",
        "https://gdpr-info.eu/",
        "the regulation as a readable website instead of a 90-page PDF",
        ("privacy", "compliance"),
    ),
    LinkSpec(
        "Shape Up",
        "https://basecamp.com/shapeup",
        "Basecamp's free book on fixed time and variable scope, useful even if you adopt none of it",
        ("product-management", "project-management", "roadmapping"),
    ),
    LinkSpec(
        "Web Vitals",
        "https://web.dev/articles/vitals",
        'what "fast" means for a web page, measured the way people actually feel it',
        ("javascript", "react", "typescript"),
    ),
    LinkSpec(
        "Apple's Human Interface Guidelines",
        "https://developer.apple.com/design/human-interface-guidelines/",
        "worth a skim even if you never build anything for iOS",
        ("swift", "ux-design"),
    ),
    LinkSpec(
        "Material Design 3",
        "https://m3.material.io/",
        "the Android side of the same conversation, with very good guidance on motion",
        ("kotlin", "design-systems"),
    ),
    LinkSpec(
        "the System Design Primer",
        "https://github.com/donnemartin/system-design-primer",
        "the best free introduction I know, with exercises",
        ("system-design",),
    ),
]

# Posts anyone may write, whatever their department.
GENERIC_FLOWS = [
    _f(
        "question",
        "Does anyone have a good way to explain {topic} to people who are new to it? I'm "
        "putting together a 20-minute intro for new joiners and my first draft is far too "
        "dense. Happy to share it once it's less painful. {tag} #onboarding",
    ),
    _f(
        "lesson",
        "Lesson learned this week: write the decision down *before* the meeting ends. We spent "
        "40 minutes agreeing on {project}, and two days later three of us remembered three "
        "different outcomes. The last five minutes of every meeting are now for a written "
        "summary. #writing #facilitation",
    ),
    _f(
        "learning",
        "Week {weeks} of learning {learn}. What's working: 25 minutes every morning before I "
        "open my inbox, and one small exercise I can actually finish. What isn't: trying to read "
        "the whole book first. Anyone who knows {learn} well willing to look over my notes? "
        "{learn_tag}",
    ),
    _f(
        "til",
        'TIL: you can link to a single post here and pin it in a team channel. Our "start '
        'here" note for new joiners is now one click away. Small thing, big difference. '
        "#onboarding",
    ),
    _f(
        "lesson",
        "Working across four time zones, the habit that finally stuck for our team: every "
        "meeting has a written agenda a day ahead, and anyone who can't join adds their input "
        "there. Fewer 7am calls, better decisions. #remote-work",
    ),
    _f(
        "celebration",
        "Shout-out to {colleague}, who quietly rewrote our team's onboarding doc this month. "
        "Two new joiners used it last week and neither needed a single call to get set up. "
        "That's the kind of work that never shows up in a demo. 🙌 #onboarding",
    ),
    _f(
        "celebration",
        "Big congratulations to {colleague} on the promotion! Anyone who has worked with them "
        "on {topic} knows how deserved this is. {tag}",
    ),
    _f(
        "lesson",
        "Six months into being mentored by {colleague}, and the most useful thing hasn't been "
        "advice, it's the questions. \"What would you do if you weren't waiting for "
        'permission?" has changed how I plan my weeks. Thinking about joining the mentoring '
        "program? Do it. #mentoring",
    ),
    _f(
        "learning",
        "Gave my first internal talk today ({topic}, 15 minutes, about 60 people). Hands "
        "shaking for the first two minutes, fine after that. Slides and notes are in the team "
        "drive, and feedback is very welcome, especially the honest kind. {tag} "
        "#public-speaking",
    ),
    _f(
        "til",
        "How I keep track of what I learn, in case it helps anyone:\n\n"
        "1. One note per question I'm trying to answer, not per source\n"
        '2. Every note ends with "so what?" in one sentence\n'
        "3. Friday afternoon: 20 minutes linking the week's notes together\n\n"
        "Not fancy, but I can find things again. #pkm",
    ),
    _f(
        "question",
        "Has anyone run a retro for a team spread over Lisbon, Berlin, New York and Singapore? "
        "Which time slot did you pick, or did you go fully async? {colleague} and I are "
        "planning one for {project}. #facilitation #remote-work",
    ),
    _f(
        "til",
        'A writing trick I picked up from {colleague}: put the ask in the first line. "Can you '
        'approve the budget by Thursday?", then the context. The replies to my messages have '
        "roughly doubled. #writing",
    ),
    _f(
        "wip",
        "Drafting our {team} OKRs for next quarter. Rule I'm trying this time: no key result we "
        "can hit just by working harder; each one should measure a change for someone else. "
        "The draft is in the usual place, comments welcome before Friday. #okrs",
    ),
    _f(
        "lesson",
        "Something I got wrong for years: I thought being helpful meant answering every "
        'question myself. Lately I answer with "ask {expert}, they know {topic} better than '
        'me". The questions get better answers and I get my afternoons back. {tag}',
    ),
    _f(
        "invite",
        "The {learn} study group meets again on Thursdays at 12:00 Lisbon / 13:00 Berlin. "
        "Beginners very welcome: last week we were five people and two had never tried it "
        "before. {learn_tag}",
    ),
    _f(
        "question",
        "What's one {topic} resource you'd give someone in their first month here? I'm building "
        "a short list for our new joiners: books, talks, internal docs, anything. {tag}",
    ),
    _f(
        "notes",
        "Notes from today's lunch & learn on {topic}, for those who couldn't make it:\n\n"
        "- Start with the problem, not the tool\n"
        "- Small experiments beat big plans\n"
        "- Write down what you tried, especially when it failed\n\n"
        "The recording is on the intranet. Thanks {colleague} for presenting! {tag}",
    ),
    _f(
        "lesson",
        "Retro takeaway from {project}: we estimated the work well and the waiting badly. "
        "Reviews, approvals and handovers took longer than the work itself. Next time we map "
        "the handoffs on day one. #project-management",
    ),
    _f(
        "question",
        "Does anyone's team do a no-meetings day? Thinking of proposing one for {team}. Curious "
        "what broke, what people loved, and whether it lasted longer than a month. "
        "#remote-work",
    ),
    _f(
        "til",
        "Today I learned the difference between a stakeholder who needs to *approve* and one "
        "who needs to *know*. Treating everyone as an approver is why {project} took six weeks "
        "longer than planned. #project-management",
    ),
    _f(
        "link",
        "A checklist I wish I'd found earlier: [the plain language "
        "guidelines](https://www.plainlanguage.gov/guidelines/). Written for government, but "
        '"put the most important information first" applies to every doc, email and update '
        "we write. #writing",
    ),
    _f(
        "lesson",
        "Tried something new in today's update to leadership: one customer story first, numbers "
        "second. Same data as last month, completely different conversation. {colleague}, "
        "thanks for the nudge. #storytelling",
    ),
    _f(
        "til",
        'Best question from a coaching session this week: "What would make this problem '
        "easy?\" We'd been trying to make a hard plan work; it turns out we could drop half of "
        "it. #coaching",
    ),
    _f(
        "celebration",
        "Wrapped up {project} this week. Huge thanks to {colleague} and {colleague2} for the "
        "late reviews and the calm heads. Write-up coming next week; the short version is that "
        "it went better than any of us expected. 🚀",
    ),
    _f(
        "question",
        "Recommendations for a good course on {learn}? Ideally something with exercises, a few "
        "hours a week. I have budget from the learning stipend and don't want to waste it. "
        "{learn_tag}",
    ),
    _f(
        "learning",
        "Paired with {learn_expert} for an hour on {learn} this morning and learned more than "
        "in a week of reading on my own. If you're learning something and someone here knows "
        "it: ask. People say yes. {learn_tag}",
    ),
    _f(
        "invite",
        "Offering: 30-minute sessions on {topic} for anyone who's stuck or just curious. No "
        "preparation needed, bring your question. Two slots a week, message me. {tag} "
        "#mentoring",
    ),
    _f(
        "lesson",
        "Lesson from a messy week: when something is on fire, one person talks to the people "
        "affected and everyone else fixes. Four of us were updating four different channels and "
        "we confused everyone. #leadership",
    ),
    _f(
        "question",
        "Asking for feedback on how I run our weekly {team} sync. Honest answers welcome, "
        "there's an anonymous form in the team channel. What I suspect already: too long, too "
        "much status, not enough decisions. #facilitation",
    ),
    _f(
        "til",
        "Small meeting habit: I now rotate who speaks first in our stand-up. The quieter half of "
        "the team has said more in two weeks than in the two months before. "
        "#diversity-equity-inclusion #facilitation",
    ),
    _f(
        "lesson",
        'Trying a "what I\'m not doing this quarter" list next to the usual goals. Writing down '
        "what I'm saying no to has made the yeses much easier to defend. #leadership",
    ),
    _f(
        "learning",
        "Had my first real conversation in {learn} today: ten minutes over lunch with visiting "
        "colleagues before we switched back to English, and nobody laughed. Thank you "
        "{learn_expert} for the Thursday practice sessions. {learn_tag}",
        needs=("german", "spanish", "japanese"),
    ),
    _f(
        "til",
        "Buddying a new joiner this month. My rule: every question they ask that isn't answered "
        "anywhere goes into the wiki the same day. {n} new pages so far. Future new joiners, "
        "you're welcome. #onboarding",
    ),
    _f(
        "question",
        "Which dashboards do you actually open every week? I suspect we have two hundred and "
        "use ten. Doing a small clean-up for {team} and I want to keep the ones people rely on. "
        "#data-visualization",
    ),
    _f(
        "celebration",
        "Proud of the {team} team this month. Nobody asked us to write down how we work, we "
        "just did it, and {colleague} turned a mess of notes into something new joiners can "
        "actually read. 👏 #writing",
    ),
    _f(
        "lesson",
        'Feedback I got this week that stung, and was right: "Your updates tell me what you '
        'did, not what you need from me." Rewriting my weekly update format. #writing',
    ),
    _f(
        "invite",
        "Anyone up for a {learn} accountability group? Plan: 30 minutes on Tuesdays, everyone "
        "says what they'll do this week and shows what they did last week. That's it. "
        "{learn_tag}",
    ),
    _f(
        "celebration",
        "{colleague} just finished the {topic} certification they've been studying for since "
        "spring, evenings and weekends. Congratulations! 🎓 {tag}",
    ),
    _f(
        "wip",
        "Working out loud: this week I'm mostly on {project}. Nothing blocked yet, but if "
        "you've done something similar with {topic} I'd love 15 minutes of your time. {tag}",
    ),
    _f(
        "notes",
        "Three things from this week's all-hands worth repeating:\n\n"
        "- Every team now shares weekly notes in the open\n"
        "- Learning time is real time: block it in your calendar\n"
        "- If a decision surprised you, ask about it here\n\n"
        "Anything I missed? #leadership",
    ),
    _f(
        "til",
        'TIL that {expert} keeps a public "how to work with me" page. Read it in five minutes '
        "and our first meeting started at the interesting part. Writing mine this week. "
        "#remote-work #writing",
    ),
    _f(
        "question",
        "What's the best meeting you've been to this month, and what made it good? Looking for "
        "ideas to steal for our {team} meetings. #facilitation",
    ),
    _f(
        "lesson",
        "Tried a one-page memo instead of a slide deck for {project}. The discussion started at "
        "the interesting part, because everyone had read the same page in the first five "
        "minutes. #writing",
    ),
    _f(
        "learning",
        "Finished a {learn} course this weekend. The most useful part was the exercises, not "
        "the videos. I've written down three things to try at work next week; I'll report "
        "back. {learn_tag}",
    ),
    _f(
        "celebration",
        "One year of the {team} book club! {n} books, one argument about the Oxford comma and a "
        "lot of good ideas. Thank you {colleague} for keeping it going. 📚 "
        "#learning-and-development",
    ),
    _f(
        "til",
        "Tiny habit that helps me: at the end of each day I write one line about what I learned. "
        "After a month it's a list I can actually use in one-to-ones and reviews. #pkm",
    ),
    _f(
        "question",
        "What do you do when two people you trust give you opposite advice? Asking for a friend "
        "(me), about {topic}. {tag}",
    ),
    _f(
        "wip",
        'Working out loud: I\'m putting together a short "how we work" page for {team}: how we '
        "decide, where we write things down, when we meet. Any team pages I should borrow "
        "from? #writing",
    ),
    _f(
        "lesson",
        "Lesson from my first months as a mentor: I talked too much. The sessions got much better "
        "when I asked two questions and then waited. #mentoring #coaching",
    ),
    # Books and links: the generator picks one close to the author's topics.
    _f(
        "link",
        "Finally finished *{book}*. The idea I keep coming back to: {book_idea} Recommended for "
        "anyone working on {book_topic}. {book_tags}",
    ),
    _f(
        "link",
        "Book club pick for next month: *{book}*. The line that sold me: {book_idea} We meet on "
        "Thursdays at lunchtime, everyone welcome. {book_tags}",
    ),
    _f(
        "link",
        "Halfway through *{book}* and it's already changing how I work. Short version: "
        "{book_idea} {book_tags}",
    ),
    _f(
        "link",
        "If you read one thing on {book_topic} this year, make it *{book}*. {book_idea_cap} "
        "{book_tags}",
    ),
    _f(
        "link",
        "Re-reading *{book}* with {colleague}, and we keep stopping to argue about one point: "
        "{book_idea} Still not sure I agree. {book_tags}",
    ),
    _f("link", "Worth reading: [{link_title}]({link_url}), {link_blurb}. {link_tags}"),
    _f(
        "link",
        "Sharing because it came up twice this week: [{link_title}]({link_url}). In short: "
        "{link_blurb}. {link_tags}",
    ),
    _f(
        "link",
        "Bookmark of the week: [{link_title}]({link_url}), {link_blurb}. Thanks {colleague} for "
        "sending it my way. {link_tags}",
    ),
    _f(
        "link",
        "For anyone new to {link_topic}: start with [{link_title}]({link_url}). It's "
        "{link_blurb}. {link_tags}",
    ),
]

# Posts that fit one area of work (AreaSpec keys).
AREA_FLOWS: dict[str, list[FlowTemplate]] = {
    "engineering": [
        _f(
            "fix",
            "Fixed the slow orders page: a classic N+1. Every row looked up its customer "
            "separately, so 50 rows meant 51 queries.\n\n"
            "```python\n"
            'orders = Order.objects.select_related("customer").prefetch_related("items")\n'
            "```\n\n"
            "Page time went from {ms_before} ms to {ms_after} ms. If a list page gets slower as "
            "the data grows, look at the query count first. #django #postgresql",
        ),
        _f(
            "fix",
            "Today's bug: a date picker that showed the day before for everyone west of Lisbon. "
            'We parsed "2025-03-01" as midnight UTC and displayed it in local time.\n\n'
            "```ts\n"
            "// before\n"
            "new Date(value);\n"
            "// after: a date without a time is a calendar date, not an instant\n"
            'const [y, m, d] = value.split("-").map(Number);\n'
            "new Date(y, m - 1, d);\n"
            "```\n\n"
            "Thanks {colleague} for the reproduction steps. #typescript #javascript",
        ),
        _f(
            "fix",
            "PSA: our test suite was flaky because two tests wrote to the same temporary file. "
            "The fix was one line (pytest's `tmp_path` instead of a hard-coded path); finding it "
            "took two days. If a test only fails in CI, suspect shared state first. "
            "#testing #python",
        ),
        _f(
            "lesson",
            "Ran our sign-up flow with a screen reader for the first time. Honest result: the "
            "form works, but error messages are never announced, so a blind user just... waits. "
            "The fix is in review (`aria-describedby` on each field and a live region). "
            "{colleague}, thanks for pairing on it. #accessibility",
        ),
        _f(
            "question",
            "API design question for the room: for a list endpoint under a parent that doesn't "
            "exist, do we return 404 or an empty list? I lean towards 404 (the URL names "
            "something that isn't there); {colleague} prefers consistency with our older "
            "endpoints. Opinions? #api-design",
        ),
        _f(
            "lesson",
            "Lesson learned: `COUNT(*)` on a big table isn't free in PostgreSQL. Our admin page "
            'counted {rows}k rows on every load just to show "page 1 of N". We switched to '
            "next/previous links and the page went from seconds to milliseconds. "
            "#postgresql #sql",
        ),
        _f(
            "wip",
            "Working out loud: I'm writing a design doc for moving our notification emails to a "
            "queue. Open questions so far:\n\n"
            "- at-least-once or exactly-once? (I think at-least-once with idempotent handlers)\n"
            "- what happens to the queue during a deploy\n"
            "- how to retry without spamming people\n\n"
            "The draft is in the engineering folder; comments very welcome. #system-design",
        ),
        _f(
            "til",
            "Small React change that made our dashboard feel twice as fast: keep showing the "
            "previous data while the new data loads, instead of a spinner. No backend change at "
            "all. Perceived speed is a feature. #react",
        ),
        _f(
            "til",
            "TIL `itertools.batched` exists (Python 3.12+). Deleted our home-grown `chunks()` "
            "helper and its tests.\n\n"
            "```python\n"
            "from itertools import batched\n\n"
            "for batch in batched(user_ids, 500):\n"
            "    send_digest(batch)\n"
            "```\n\n"
            "#python",
        ),
        _f(
            "wip",
            "TypeScript migration update: {pct}% of the frontend is typed now. What's left are "
            "the scary files nobody has touched in years, so progress will slow down. The "
            "adopt-a-file list is pinned in the channel if you have a spare hour. #typescript",
        ),
        _f(
            "celebration",
            "Shout-out to {colleague} for the patience of a saint: three days bisecting a memory "
            "leak that only showed up after six hours of uptime. The culprit was a cache with no "
            "size limit. Now it has one. 🏅 #python",
        ),
        _f(
            "question",
            "Is anyone using property-based testing in anger? I tried Hypothesis on our price "
            "calculation and in ten seconds it found an off-by-one we'd missed for a year. "
            "Wondering where else it pays off. #testing #python",
        ),
        _f(
            "lesson",
            "Postmortem takeaway from last week's checkout bug: the code was fine, the feature "
            "flag defaults weren't. Flags now default to off in every environment, and turning "
            "one on in production needs a second pair of eyes. #system-design",
        ),
        _f(
            "feedback",
            "Spent the morning listening to {n} support calls with Customer Success. The most "
            "useful engineering hours of my month: two bugs we'd written off as edge cases came "
            "up in every other call. #customer-success",
        ),
        _f(
            "fix",
            "Found out why our search results were sometimes out of date: we updated the index "
            "before the transaction committed, so a rollback left it pointing at nothing.\n\n"
            "```python\n"
            "transaction.on_commit(lambda: reindex(product.pk))\n"
            "```\n\n"
            "Side effects go after the commit, not during it. #django #python",
        ),
        _f(
            "fix",
            "Bug of the week: a 500 error on the profile page for anyone with an emoji near the "
            "end of their name. We cut names to 40 *bytes*, not 40 *characters*, and split an "
            "emoji in half.\n\n"
            "```python\n"
            "short = name[:40]  # was: name.encode()[:40].decode()\n"
            "```\n\n"
            "The tests now include names in six scripts, and an emoji. #python #testing",
        ),
        _f(
            "til",
            "TIL: `EXPLAIN (ANALYZE, BUFFERS)` in PostgreSQL shows how much of a query came from "
            "memory and how much from disk. Our slow query wasn't slow, it was cold. "
            "#postgresql #sql",
        ),
        _f(
            "question",
            "Has anyone here moved a big React app to server components? I'm trying to judge "
            "whether it's worth it for our dashboard or whether we'd just be moving the "
            "complexity around. #react #typescript",
        ),
        _f(
            "lesson",
            "Code review lesson: I left 23 comments on a pull request and the author fixed all of "
            'them, including the three that mattered. Now I label comments "must", "should" '
            'or "nit". Reviews got kinder and faster. #mentoring',
        ),
        _f(
            "celebration",
            "The public API docs now have a working example for every endpoint, run in CI so they "
            "can't go stale. {colleague} did this quietly over three sprints. Thank you! "
            "#api-design #testing",
        ),
    ],
    "platform": [
        _f(
            "fix",
            "Why our pods restarted every few hours: the liveness probe called an endpoint that "
            "also checked the database. Slow database, failed probe, restart, even more load on "
            "the database. Split in two:\n\n"
            "```yaml\n"
            "livenessProbe:\n"
            "  httpGet: {{path: /healthz, port: 8000}}   # is the process alive?\n"
            "readinessProbe:\n"
            "  httpGet: {{path: /readyz, port: 8000}}    # can it serve traffic?\n"
            "```\n\n"
            "Liveness should never depend on anything outside the pod. "
            "#kubernetes #site-reliability-engineering",
        ),
        _f(
            "fix",
            "Terraform tip after a scary plan this morning: it wanted to destroy and recreate a "
            "production database because someone renamed a resource. `moved` blocks exist for "
            "exactly this:\n\n"
            "```hcl\n"
            "moved {{\n"
            "  from = aws_db_instance.main\n"
            "  to   = aws_db_instance.primary\n"
            "}}\n"
            "```\n\n"
            "Nothing was destroyed. Please read your plans. #terraform #aws",
        ),
        _f(
            "lesson",
            "Every service now has a dashboard with the same four panels: request rate, error "
            "rate, latency (p50/p95/p99) and saturation. Boring on purpose: in the middle of an "
            "incident nobody should have to learn a new dashboard. #observability",
        ),
        _f(
            "lesson",
            "Incident review, short version: a certificate expired on an internal service nobody "
            "owned. Action items: every certificate gets an owner, alerts at 30 and 7 days, and a "
            "monthly report. The full write-up is in the incident folder, blameless as always. "
            "#incident-management",
        ),
        _f(
            "celebration",
            "CI is {pct}% faster as of this morning. Three changes: cache the dependency "
            "install, run the test shards in parallel, and stop building the Docker image twice. "
            "{colleague} did most of the hard work; I mostly complained until it happened. "
            "#ci-cd #docker",
        ),
        _f(
            "question",
            "On-call people: how do you hand over between time zones? We're trying a 15-minute "
            "overlap call between Singapore and Lisbon, and I'm not sure it's worth the early "
            "start for whoever is on the wrong side of it. #site-reliability-engineering "
            "#remote-work",
        ),
        _f(
            "til",
            "PostgreSQL reminder: before adding an index to a big table in production, use "
            "`CREATE INDEX CONCURRENTLY`. It takes longer but doesn't block writes. We learned "
            "this the way everyone learns it. #postgresql",
        ),
        _f(
            "til",
            'Go TIL: `context.WithoutCancel` (Go 1.21) is exactly what you want for "log this '
            'after the request is gone". Removed a goroutine-plus-background-context hack from '
            "our deploy tool. #go",
        ),
        _f(
            "fix",
            'Spent an hour on "disk full" on a machine with 40% free space. It was out of '
            "inodes: millions of tiny cache files. `df -i` is now in my muscle memory. #linux",
        ),
        _f(
            "notes",
            "We agreed SLOs for the {n} core services: 99.9% of requests succeed and 99% finish "
            "under 500 ms, measured over 28 days. The interesting part was deciding what *not* "
            "to page on. The error budget policy is in the platform handbook. "
            "#site-reliability-engineering #observability",
        ),
        _f(
            "celebration",
            "Our base image went from 1.1 GB to 180 MB: a multi-stage build, a slim base and no "
            "compilers in the final image. Deploys are faster and the security scanner has a lot "
            "less to complain about. Nice work {colleague}! #docker #security",
        ),
        _f(
            "wip",
            "Working out loud: planning the move of our last three services onto the shared "
            "Kubernetes cluster. The hard part isn't technical, it's finding a quiet week with "
            "each owning team. If you own billing, search or exports, expect a message from me. "
            "#kubernetes",
        ),
        _f(
            "celebration",
            "AWS bill down {pct}% this month. No magic: deleted unattached volumes, moved old "
            "logs to cheaper storage and switched off three staging environments nobody had used "
            "in months. #aws #budgeting",
        ),
        _f(
            "celebration",
            "First solo on-call week for {colleague}, with two real incidents, both handled "
            "calmly and written up properly. Welcome to the rotation! #incident-management",
        ),
        _f(
            "question",
            "Anyone here running PodDisruptionBudgets on stateful workloads? Our node upgrades "
            "keep stalling on one service and I suspect its budget is too strict. {expert}, have "
            "you seen this before? #kubernetes",
            topics=("kubernetes",),
        ),
        _f(
            "til",
            "Linux TIL: `systemd-analyze blame` tells you exactly which service makes a machine "
            "boot slowly. Ours was waiting 90 seconds for a network mount nobody uses. #linux",
        ),
        _f(
            "question",
            "Observability question: do you sample traces in production, and if so, how? We keep "
            "all of them, and the bill is starting to notice. #observability",
        ),
        _f(
            "lesson",
            "Game day recap: we switched off a database replica on purpose, in working hours. "
            "Failover worked; the alert took nine minutes to reach anyone. Fixing the alert "
            "routing before the next one. #site-reliability-engineering #incident-management",
        ),
        _f(
            "wip",
            "Working out loud: writing a golden path for new services: one template with CI, "
            "dashboards and alerts included. The goal is a new service in production on day one. "
            "Looking for a team to try it first. #ci-cd #kubernetes",
        ),
    ],
    "mobile": [
        _f(
            "fix",
            "Crash of the week, fixed: we updated the UI from a background thread after a "
            "network call. The Main Thread Checker caught it once we turned it on in CI.\n\n"
            "```swift\n"
            "await MainActor.run {{\n"
            "    self.items = newItems\n"
            "}}\n"
            "```\n\n"
            "#swift #testing",
        ),
        _f(
            "til",
            "Kotlin tip: `collectAsStateWithLifecycle()` instead of `collectAsState()` in "
            "Compose. Our screens stopped collecting in the background, and the battery "
            "complaints dropped. #kotlin",
        ),
        _f(
            "lesson",
            "Dynamic Type audit done: {n} screens broke at the largest text sizes. All fixed "
            "except the onboarding carousel, which we're redesigning anyway. Try your app at the "
            "biggest size once; it's humbling. #accessibility #swift",
        ),
        _f(
            "wip",
            "Version {version} is rolling out to 10% of Android users. Crash-free sessions are at "
            "99.8% so far. If you hear anything odd from customers, tell me. #kotlin #ci-cd",
        ),
        _f(
            "question",
            "Has anyone measured startup time on low-end Android phones with the new React "
            "Native architecture? Our numbers look great on flagship phones and I don't trust "
            "them. #react-native",
        ),
        _f(
            "lesson",
            "Lesson from our last App Store rejection: the reviewer used a fresh account and hit "
            "an empty state we had never seen ourselves. Every empty state now has a screenshot "
            "test. #testing",
        ),
        _f(
            "feedback",
            "Sat in on {n} usability sessions for the new navigation. Everyone found search; "
            "nobody found settings. Back to the drawing board with {colleague} on Monday. "
            "#ux-design",
        ),
        _f(
            "celebration",
            "4.8 stars on the App Store for the first time! The most common word in the new "
            'reviews: "offline". Thank you {colleague} for pushing for offline mode when it '
            "wasn't on anyone's roadmap. 🎉 #swift",
        ),
        _f(
            "celebration",
            "Mobile builds now sign and upload themselves from CI; no more release day on one "
            "person's laptop. {colleague} wrote the runbook in case we ever need to do it by "
            "hand. #ci-cd",
        ),
        _f(
            "question",
            "A request to our backend friends: when an endpoint changes shape, please add fields "
            "or version it rather than rename things. The apps in people's pockets can't update "
            "themselves, and some are on builds from last year. Does that work for everyone? "
            "#api-design",
        ),
        _f(
            "til",
            "Swift TIL: the `.task` modifier cancels its work when the view disappears. Deleted "
            "a pile of manual cancellation code. #swift",
        ),
        _f(
            "lesson",
            "Release lesson: we now ship the apps every two weeks, whether the big feature is "
            "ready or not. Smaller releases, fewer surprises, and a feature flag for anything "
            "half-done. #ci-cd",
        ),
    ],
    "data": [
        _f(
            "fix",
            "Weekly active users jumped 8% overnight. Not growth: a join duplicated rows for "
            "people with two accounts.\n\n"
            "```sql\n"
            "select count(distinct user_id)\n"
            "from events\n"
            "where occurred_at >= now() - interval '7 days';\n"
            "```\n\n"
            "Distinct counts, plus a test on the grain of every model. The dashboards are "
            "corrected. #sql #data-engineering",
        ),
        _f(
            "lesson",
            "Reminder from this week's experiment review: a p-value under 0.05 on day two is not "
            'a result. Decide the sample size before you start, then wait. Our "winning" '
            "variant was flat by day fourteen. #experimentation #statistics",
        ),
        _f(
            "wip",
            "Working out loud on the recommendations model: offline metrics are up ({pct}% "
            "better recall), online we're flat. My suspicion: we recommend things people would "
            "have found anyway. Next I'll measure how often a recommendation was new to the "
            "person. #machine-learning",
        ),
        _f(
            "wip",
            "Tried a language model for tagging support tickets. On a thousand hand-labelled "
            "tickets it agreed with our support team 87% of the time, about as often as two "
            "people agree with each other. Still deciding whether that's good enough to run "
            "unsupervised. #generative-ai",
        ),
        _f(
            "til",
            "Dashboard principle we've adopted: one question per chart, written as the chart's "
            'title. "Are more customers activating this month?" beats "Activation rate (30d '
            'rolling)". #data-visualization',
        ),
        _f(
            "question",
            'Does anyone have a definition of an "active customer" that Sales, Customer Success '
            "and Product all agree on? We currently have four. I'd like one by the end of the "
            "quarter. #product-analytics",
        ),
        _f(
            "celebration",
            "Pipeline news: the nightly load now finishes at 03:10 instead of 06:40, so the "
            "morning dashboards are ready when Singapore starts the day. The big win was loading "
            "only changed rows. Thanks {colleague}! #data-engineering",
        ),
        _f(
            "til",
            'pandas TIL: `pd.merge(..., validate="one_to_many")` raises if your join key isn\'t '
            "unique on the side you think it is. Would have saved me a day last month. #python",
        ),
        _f(
            "feedback",
            "Data office hours recap: {n} people came with questions this week. The most common "
            'one: "where do I find X?" We\'re writing a catalogue page for the 20 most-used '
            "tables. #product-analytics",
        ),
        _f(
            "celebration",
            "{colleague} presented the churn analysis to the leadership team today and the "
            "discussion went straight to decisions, which is the best compliment an analysis can "
            "get. 👏 #storytelling #data-visualization",
        ),
        _f(
            "lesson",
            "Lesson learned: our forecast was great on last year's data and useless this spring. "
            "The training data had never seen a price change. We now retrain after every pricing "
            "change and check the error weekly. #machine-learning #statistics",
        ),
        _f(
            "invite",
            "Product friends: if you're planning an A/B test this quarter, could you talk to us "
            "*before* you build it? Ten minutes on sample size now saves six weeks of an "
            "inconclusive test later. #experimentation",
        ),
        _f(
            "question",
            "Statistics question for the room: how do you explain a confidence interval to "
            "someone who just wants a yes or a no? Every analogy I reach for makes it worse. "
            "#statistics",
        ),
        _f(
            "celebration",
            "The KPI dashboard is live for the whole company. Every number has its definition one "
            "click away, and {colleague} made sure the definitions match what Finance reports. "
            "🎉 #data-visualization #product-analytics",
        ),
        _f(
            "til",
            'SQL TIL: window functions turn "compare each month with the one before" into a '
            "single query.\n\n"
            "```sql\n"
            "select month, revenue,\n"
            "       revenue - lag(revenue) over (order by month) as change\n"
            "from monthly_revenue;\n"
            "```\n\n"
            "#sql",
        ),
        _f(
            "lesson",
            "Data quality lesson: we found a week of missing events only because a dashboard "
            'looked "a bit quiet". Every pipeline now checks its row count and alerts when a '
            "load is far from the usual. #data-engineering",
        ),
    ],
    "security": [
        _f(
            "feedback",
            "Phishing drill results: {pct}% clicked, down from 31% last time. Everyone who "
            "reported it within five minutes: thank you, that's exactly what we want. Everyone "
            "who clicked: no shame, just use the report button next time. #security",
        ),
        _f(
            "wip",
            "Rotated every long-lived AWS access key this week. {n} were older than a year, and "
            "two belonged to people who had left. From now on: short-lived credentials through "
            "single sign-on only. #security #aws",
        ),
        _f(
            "wip",
            "SOC 2 evidence collection is {pct}% automated now. If you get a ticket from me "
            "asking for a screenshot, it's one of the last manual ones. Sorry! #compliance",
        ),
        _f(
            "fix",
            "Found in review today:\n\n"
            "```python\n"
            'subprocess.run("convert " + path + " out.png", shell=True)\n'
            "```\n\n"
            "If `path` comes from a user, that's command injection. Pass a list "
            '(`["convert", path, "out.png"]`) and drop `shell=True`. Searching the codebase '
            "for `shell=True` makes for an interesting afternoon. #security #python",
        ),
        _f(
            "til",
            "Reminder: a password manager is the single best thing you can do for your security, "
            "at work and at home. IT can set you up in ten minutes. #security",
        ),
        _f(
            "lesson",
            "Threat-modelling session for the new file upload feature with {colleague}: 45 "
            "minutes, four real issues found before a line of code was written. The cheapest "
            "security work there is. #security #privacy",
        ),
    ],
    "product": [
        _f(
            "feedback",
            "Five things I heard in this week's customer interviews ({n} calls):\n\n"
            '1. "We export to spreadsheets because we don\'t trust the totals"\n'
            "2. Nobody reads the weekly email; everyone uses the dashboard\n"
            "3. Admins want bulk actions more than new features\n"
            "4. Onboarding is fine until the second team joins\n"
            '5. Two customers called us "the calm tool". Keeping that.\n\n'
            "#customer-discovery #user-research",
        ),
        _f(
            "wip",
            "New in the design system: a proper empty state component, with room for one "
            "sentence and one action. {n} screens still roll their own; {colleague} and I are "
            "going through them on Thursday. #design-systems #figma",
        ),
        _f(
            "lesson",
            "Roadmap lesson: we stopped putting dates on anything more than six weeks out. Now, "
            "next, later, with the reasons written down. Sales was nervous at first; now they say "
            "customer conversations are easier. #roadmapping #product-management",
        ),
        _f(
            "question",
            "Designers and PMs: how do you decide a prototype is good enough to test? I keep "
            "polishing and losing a week. #ux-design #user-research",
        ),
        _f(
            "feedback",
            "Usability test of the new settings page, {n} participants. Everyone finished the "
            "main task, but four out of five pressed Enter to save and nothing happened. Tiny "
            "fix, big difference. #user-research #ux-design",
        ),
        _f(
            "til",
            "Figma tip: with variables for spacing and colour modes, dark mode is now a toggle in "
            "our files instead of a second copy of every screen. Our main file is half the size. "
            "#figma",
        ),
        _f(
            "wip",
            "Working out loud: I'm writing the problem statement for {project}. Current draft: "
            '"Team admins can\'t see who is stuck in onboarding until a customer complains." '
            "Does that match what you're hearing? Customer Success views especially welcome. "
            "#product-management",
        ),
        _f(
            "lesson",
            'We added "can someone using only a keyboard complete this?" to our definition of '
            "done. Three features failed it this sprint. That's three fewer bugs in production. "
            "#accessibility",
        ),
        _f(
            "celebration",
            "{colleague} ran {n} customer interviews in two weeks *and* wrote a synthesis the "
            "whole team actually read. Setting the bar for discovery here. 👏 "
            "#customer-discovery",
        ),
        _f(
            "feedback",
            "Interesting: customers who invite a second teammate in their first week are three "
            "times as likely to still be with us a year later. Our onboarding doesn't mention "
            "inviting anyone until day ten. Fixing that. #product-analytics",
        ),
        _f(
            "notes",
            "Our product OKRs for the quarter, one line each:\n\n"
            '- New teams reach their first "aha" in under a day\n'
            "- Admins spend less time on setup than on using the product\n"
            "- Fewer, better notifications\n\n"
            "Key results are in the product handbook. #okrs #product-management",
        ),
        _f(
            "invite",
            "Would anyone like to watch a usability session? They're open to everyone, 45 "
            "minutes, camera off, and you'll never look at our product the same way. {colleague} "
            "has the schedule. #user-research",
        ),
        _f(
            "question",
            "PMs: how do you write release notes people actually read? Ours are accurate, and "
            "nobody opens them. #product-management #writing",
        ),
        _f(
            "lesson",
            "Research lesson: five interviews told us admins want more settings. Watching them "
            "use the product told us they want fewer, with better defaults. Watch, don't just "
            "ask. #user-research",
        ),
        _f(
            "wip",
            'Working out loud: prototyping a "who can help me with this?" button on every topic '
            "page. Looking for {n} colleagues to try the clickable prototype for ten minutes this "
            "week. #ux-design #figma",
        ),
        _f(
            "celebration",
            "Design system milestone: every screen in the product now uses the shared buttons "
            "and form fields. {colleague} migrated the last and scariest one this week. 🎉 "
            "#design-systems",
        ),
    ],
    "sales": [
        _f(
            "feedback",
            "What clients told me this week, in five lines:\n\n"
            "- {customer}: love the product, procurement is a maze\n"
            "- Security questionnaires get longer every quarter\n"
            '- "Can we pay annually but add seats monthly?" (asked three times)\n'
            "- Competitors are discounting hard on multi-year deals\n"
            "- Nobody mentioned AI features unprompted. Interesting.\n\n"
            "#enterprise-sales",
        ),
        _f(
            "feedback",
            "Five lines from {n} discovery calls:\n\n"
            "1. The pain is real: teams lose hours finding out who knows what\n"
            "2. HR buys, IT blocks, a team lead champions\n"
            "3. Single sign-on is a must, not a nice-to-have\n"
            "4. Pilots with one department convert best\n"
            "5. {customer} wants a reference call with a customer their size\n\n"
            "#prospecting #enterprise-sales",
        ),
        _f(
            "lesson",
            "Negotiation lesson from {customer}: when they asked for 30% off, I asked what the "
            "discount was for. They needed the first year to fit an existing budget line. We "
            'agreed a ramped price instead, no discount. Ask "why" before "how much". '
            "#negotiation #pricing",
        ),
        _f(
            "celebration",
            "Signed {customer}! 🎉 {seats} seats, after nine months, four stakeholders and one "
            "very patient champion. Thank you {colleague} for the demo that turned it around. "
            "#enterprise-sales",
        ),
        _f(
            "wip",
            "CRM hygiene Friday: {n} opportunities have a close date in the past. If one is "
            "yours, please update or close it before Monday's forecast call. 🙏 #salesforce",
        ),
        _f(
            "lesson",
            'Prospecting experiment: I changed my first email from "three features" to "one '
            'question about their team". Reply rate went from 4% to 11% over {emails} emails. '
            "The template is in the shared folder. #prospecting #copywriting",
        ),
        _f(
            "question",
            "Has anyone sold to a customer who insists on on-premise hosting? {customer} is "
            "asking, and I'd like to know what we've said before. {expert}? #enterprise-sales",
            topics=("enterprise-sales",),
        ),
        _f(
            "celebration",
            "Partner news: {customer} is now reselling Northwind in their region. First joint "
            "webinar next month; if you have customers there, let's talk. #partnerships",
        ),
        _f(
            "lesson",
            "Demo lesson: I stopped showing every feature. Now it's one customer's Monday "
            "morning, start to finish, in twelve minutes. Fewer questions about features, more "
            "about rollout, which is the conversation we want. #storytelling",
        ),
        _f(
            "feedback",
            "Quarterly business review with {customer} today. Usage is up {pct}%, but it's "
            "concentrated in one team. Next step: an internal showcase for their other "
            "departments, run by their champion rather than by us. #account-management",
        ),
        _f(
            "feedback",
            "Pricing feedback from the field: the jump from Team to Business is too big for "
            "companies of 80 to 150 people. I've heard it {n} times this month. Sharing it with "
            "Product so it's more than a feeling. #pricing",
        ),
        _f(
            "lesson",
            'Lost {customer} to a competitor today. Their reason, in their words: "You were the '
            'better product; they were the easier purchase." Working with Legal on a shorter '
            "contract for mid-size deals. #negotiation",
        ),
        _f(
            "lesson",
            'Discovery call lesson: I used to ask "what are your goals for this year?" and got a '
            "polite paragraph. Now I ask \"what happened the last time someone couldn't find the "
            'right expert?" and get a story. Stories move deals. #prospecting #storytelling',
        ),
        _f(
            "question",
            "Solutions engineers: what's your favourite demo data set? Our default makes every "
            "customer look like a 30-person startup, and {customer} has 4,000 people. "
            "#enterprise-sales",
        ),
        _f(
            "celebration",
            "{customer} signed a pilot with two departments! Their champion's words: \"Our people "
            'keep asking each other who knows what; this answers it." Thanks {colleague} for '
            "the security review marathon. 🎉 #enterprise-sales",
        ),
        _f(
            "wip",
            "Working out loud: drafting a mid-market playbook. So far: one discovery call, one "
            "demo built around their org chart, a two-week pilot, a decision. Four steps. What "
            "have I missed? #enterprise-sales #account-management",
        ),
        _f(
            "til",
            "Salesforce TIL: you can save a list view per forecast category and pin it. My Monday "
            "forecast prep went from an hour to fifteen minutes. #salesforce",
        ),
        _f(
            "feedback",
            "Partner feedback from {customer}: they love the product, but our partner portal is "
            '"a maze of PDFs". Fair. {colleague} and I are putting together a one-page partner '
            "kit instead. #partnerships",
        ),
        _f(
            "lesson",
            "Account management lesson: the renewal conversation starts on day one, not 90 days "
            'before the contract ends. Every quarter I now send {customer} a one-page "what you '
            'got out of Northwind" note. #account-management',
        ),
        _f(
            "question",
            "Quick poll for sellers: how often do customers ask for monthly billing? Product is "
            "deciding whether to offer it and wants numbers, not anecdotes. Reply with a rough "
            "count from last quarter. #pricing",
        ),
    ],
    "marketing": [
        _f(
            "celebration",
            "Our guide to running structured interviews is now the top search result for its "
            "main keyword. It took nine months. SEO is a patient person's game. "
            "#seo #content-marketing",
        ),
        _f(
            "feedback",
            "Headline test on the pricing page:\n\n"
            '- A: "Plans for every team"\n'
            '- B: "Find the colleague who already knows"\n\n'
            "B won by {pct}%. Specific beats generic, again. #copywriting",
        ),
        _f(
            "wip",
            "The user conference agenda is taking shape: {n} customer talks, two workshops and "
            "one very long coffee break (by popular request). The call for speakers closes on "
            "Friday, so nudge your favourite customers! #event-planning",
        ),
        _f(
            "wip",
            "Brand refresh, working out loud: we're keeping the colours and changing the voice. "
            'Less "revolutionize your workflow", more "here\'s how Maria found the right person '
            'in five minutes". The draft voice guide is in the brand folder. #brand-strategy',
        ),
        _f(
            "celebration",
            "New article is live: how three customers run their mentoring programs. Thank you "
            "{colleague} for the introductions; none of it happens without you. "
            "#content-marketing #mentoring",
        ),
        _f(
            "lesson",
            "Lesson learned: webinar sign-ups were great, attendance was terrible. Sending the "
            "recording to everyone who signed up got more views than the live session. We now "
            "plan for the replay first. #event-planning #content-marketing",
        ),
        _f(
            "question",
            "Writers: how do you turn a 45-minute customer interview into a 600-word story? I "
            "end up with 3,000 words and no idea what to cut. #writing #storytelling",
        ),
        _f(
            "til",
            "SEO TIL: our help center pages rank better than our blog for product questions, "
            "because they answer the question in the first paragraph. Rewriting our blog intros "
            "accordingly. #seo",
        ),
        _f(
            "celebration",
            "The newsletter crossed 50,000 subscribers this morning. 📬 {colleague} has written "
            "every issue for a year without missing a week. That's the whole secret. "
            "#content-marketing",
        ),
        _f(
            "feedback",
            "Chart of the month: trial sign-ups by source. Word of mouth is now our "
            "second-largest channel, ahead of paid search. Whatever Customer Success is doing, "
            "please keep doing it. #data-visualization",
        ),
        _f(
            "wip",
            "Working out loud: planning next quarter's content around the questions customers "
            "actually ask. Customer Success shared their top 30 ticket topics; 12 of them have no "
            "article. Starting there. #content-marketing",
        ),
        _f(
            "lesson",
            'Copywriting lesson from the new landing page: every sentence that started with "Our '
            'platform" now starts with "You". Sign-ups are up {pct}%. #copywriting',
        ),
        _f(
            "question",
            "Who has a customer story we should tell? Ideal: a team that found an internal expert "
            "through Knowflow and it saved them a week. {colleague} and I will do all the "
            "writing. #storytelling #content-marketing",
        ),
        _f(
            "celebration",
            "The user conference sold out in {n} days. 🎟️ Thank you {colleague} for the venue "
            "negotiations and the spreadsheet of doom that made it possible. #event-planning",
        ),
    ],
    "cs": [
        _f(
            "feedback",
            "Five things customers asked me this week:\n\n"
            '1. "Can I see who in my company knows about X?" (yes: search)\n'
            "2. How to import people from their HR system\n"
            "3. Whether profiles can be private (partly: field by field)\n"
            "4. Can managers see everyone's aspirations? (no, by design)\n"
            "5. Is there a mobile app? (yes, and they didn't know)\n\n"
            "The last one is on us. #customer-success #onboarding",
        ),
        _f(
            "celebration",
            "First-response time this month: {minutes} minutes median, down from almost two "
            "hours last quarter. Same team, better routing and saved replies. Proud of you all, "
            "and especially {colleague}, who rebuilt the queues. #support-operations",
        ),
        _f(
            "lesson",
            "Lesson from a tough renewal call: I led with usage numbers; they wanted to talk "
            'about one bad support experience. Next time I start with "how has it been for '
            'you?" and then listen. #account-management #customer-success',
        ),
        _f(
            "wip",
            "Rewrote the {n} most-viewed help center articles in plain language. The average "
            "article is half as long, and tickets on those topics are down {pct}%. "
            "#writing #support-operations",
        ),
        _f(
            "question",
            "Has anyone built a good onboarding plan for customers with more than 1,000 people? "
            "{customer} is rolling out to the whole company, and our usual plan assumes one team "
            "at a time. {expert}, any thoughts? #onboarding",
            topics=("onboarding",),
        ),
        _f(
            "celebration",
            "{customer} renewed for three years, with a department-by-department expansion plan "
            "they wrote themselves. That's what a champion looks like. Thank you {colleague} for "
            "the monthly check-ins that made it happen. 🎉 #customer-success",
        ),
        _f(
            "learning",
            'Learned enough SQL to answer "which of my accounts haven\'t logged in this month?" '
            "myself instead of waiting for the data team. Thanks {expert} for the patient "
            "lesson. #sql",
            topics=("sql",),
        ),
        _f(
            "lesson",
            "Ran our first customer roundtable: six admins from six companies comparing how they "
            "onboard their people. I mostly stayed quiet. They've asked to meet every quarter. "
            "#facilitation #onboarding",
        ),
        _f(
            "feedback",
            "Pattern in this month's tickets: {n} customers tried to undo a bulk import, and "
            "bulk import has no undo. Sharing with Product; for now there's a help article with "
            "a workaround. #support-operations",
        ),
        _f(
            "wip",
            "Working out loud: I'm building a health score for our enterprise accounts. So far: "
            "login frequency, number of active teams, support tickets, and whether the champion "
            "is still there. What am I missing? #customer-success #account-management",
        ),
        _f(
            "til",
            "Customer onboarding tip: end the kickoff call by booking the 30-day check-in there "
            "and then. No-shows at the check-in went from a third to almost zero. #onboarding",
        ),
        _f(
            "lesson",
            "Support lesson: the fastest way to calm an upset customer is to repeat their problem "
            "back in their own words before offering anything. It took me two years to learn "
            "that. #support-operations #customer-success",
        ),
        _f(
            "question",
            "Has anyone set up a customer advisory board? {customer} asked whether they could "
            "join one, and I'd love to say yes with something real behind it. #customer-success",
        ),
        _f(
            "wip",
            "Working out loud: rewriting our onboarding emails. Old version: seven emails about "
            "features. New draft: four emails, each about one thing the admin should have done by "
            "that day. Feedback welcome. #onboarding #writing",
        ),
        _f(
            "celebration",
            "{colleague} closed {n} tricky tickets yesterday *and* turned the pattern behind them "
            "into two help articles. That's how a queue gets shorter for good. 👏 "
            "#support-operations",
        ),
        _f(
            "feedback",
            "What the admins at {customer} told me in our check-in:\n\n"
            "- People fill in their skills, then forget about aspirations\n"
            "- Following topics is the feature they didn't expect to love\n"
            '- They\'d like a monthly "who helped whom" summary\n\n'
            "Passing all three to Product. #customer-success",
        ),
        _f(
            "til",
            "SQL TIL from a support engineer: `ILIKE` is PostgreSQL's case-insensitive `LIKE`. My "
            '"find the customer by company name" queries finally find the customer. #sql',
        ),
    ],
    "people": [
        _f(
            "lesson",
            "Structured interviews, three months in: every panel now scores the same four "
            "criteria *before* discussing the candidate. Our hiring discussions take longer and "
            "we regret far fewer decisions. #interviewing #recruiting",
        ),
        _f(
            "invite",
            "Learning week is coming! If you'd like to run a session (30 minutes is plenty), add "
            "it to the shared schedule. So far: SQL for non-engineers, negotiation basics and "
            "how to give your first talk. #learning-and-development",
        ),
        _f(
            "celebration",
            "The mentoring program has {n} new pairs this round, and for the first time more "
            "than half of them cross departments. The best pairs we've seen: an engineer and a "
            "salesperson teaching each other. #mentoring #learning-and-development",
        ),
        _f(
            "celebration",
            "Welcome to everyone who joined us this month! 👋 If you see a new face in your "
            "office this week, say hi and show them where the good coffee is. #onboarding",
        ),
        _f(
            "lesson",
            "We published our hiring data for the year, including the parts we're not proud of: "
            "women are still under-represented in engineering interviews. Two changes starting "
            "now: rewritten job ads and a wider sourcing list. "
            "#diversity-equity-inclusion #recruiting",
        ),
        _f(
            "til",
            'The coaching question I use most: "What do you already know about this?" People '
            "almost always know more than they think, and the conversation moves from advice to "
            "thinking. #coaching",
        ),
        _f(
            "question",
            "Managers: what's one thing you wish someone had told you in your first month of "
            "managing people? Collecting answers for the new managers' course. "
            "#leadership #learning-and-development",
        ),
        _f(
            "lesson",
            "Interview lesson from this week: the candidate who struggled with the exercise "
            "asked the best questions of anyone all month. We've changed the exercise to allow "
            "questions. #interviewing",
        ),
        _f(
            "feedback",
            "Engagement survey results are in: {pct}% more responses than last time, thank you! "
            "Top theme: people want to see what other teams are working on. Which is, not by "
            "coincidence, why we're all posting here. 🙂 #leadership",
        ),
        _f(
            "celebration",
            'New-joiner onboarding now includes a "find three people" task: use Knowflow to '
            "find someone who can help with something you're learning. Average first-week "
            "follows went from zero to {n}. Thanks {colleague} for the idea! #onboarding",
        ),
        _f(
            "til",
            "Recruiting TIL: job ads with a salary range get noticeably more applications from "
            "people who have never worked at a startup. We're adding ranges to every ad. "
            "#recruiting",
        ),
        _f(
            "invite",
            "Would anyone like to become an interviewer? You'd sit in on two interviews with an "
            "experienced interviewer before running your own, and the training takes an hour. "
            "#interviewing",
        ),
        _f(
            "lesson",
            "Onboarding lesson: new joiners remembered almost nothing from their first-day "
            "presentations and everything from lunch with their team. Day one now has fewer "
            "slides and a longer lunch. #onboarding",
        ),
        _f(
            "celebration",
            "Our new managers' course had its first graduation today: {n} new managers, six "
            "sessions and one very honest conversation about giving feedback. Thank you "
            "{colleague} for facilitating every session. 🎓 #leadership #coaching",
        ),
    ],
    "finance": [
        _f(
            "wip",
            "Budget season, working out loud: every team gets the same template this year, one "
            "tab, no macros. If last year's spreadsheet had 14 tabs, I'm sorry and you're "
            "welcome. #budgeting",
        ),
        _f(
            "celebration",
            "Closed the books in {n} working days this month, our fastest yet. Thanks to "
            "everyone who submitted expenses on time; you know who you are. #budgeting",
        ),
        _f(
            "til",
            "Procurement tip: before buying a new tool, search the software list. There's a "
            "good chance we already pay for something that does it; we found three survey tools "
            "last quarter. #procurement",
        ),
        _f(
            "lesson",
            "Financial modelling lesson: our three-year model was precise to the euro and wrong "
            "by 20%. We now model three scenarios with round numbers and spend the time on the "
            "assumptions instead. #financial-modeling",
        ),
        _f(
            "question",
            "Question for team leads: would a one-page monthly spend summary per team be useful, "
            "or just another email? Trying to decide before I build it. #budgeting",
        ),
        _f(
            "celebration",
            "Renegotiated our {n} biggest software contracts this quarter: {pct}% saved overall, "
            "mostly by committing to multi-year terms on tools we'd never drop anyway. Thanks "
            "{colleague} for the patient spreadsheet work. #negotiation #procurement",
        ),
        _f(
            "til",
            "Expense tool TIL: you can forward receipts by email and they attach themselves to "
            "the right expense. Saves me ten minutes a week; might save you more. #procurement",
        ),
        _f(
            "wip",
            "Audit prep: if you own a vendor with access to customer data, you'll get a short "
            "questionnaire from me this week. Five questions, honestly. #compliance",
        ),
        _f(
            "question",
            "Does anyone have a good way to forecast seats for customers who grow in bursts? Our "
            "model assumes a smooth line, and {customer} is anything but smooth. "
            "#financial-modeling",
        ),
        _f(
            "lesson",
            "Budget lesson: the teams that stayed on budget weren't the ones with the tightest "
            "plans; they were the ones who told us early when things changed. Please tell us "
            "early. #budgeting",
        ),
    ],
    "legal": [
        _f(
            "celebration",
            "Our customer contract is now {n} pages shorter: same protections, plain language. "
            "Mid-size deals already look quicker to close. Thanks {colleague} for the patient "
            "redlines. #writing #negotiation",
        ),
        _f(
            "til",
            "Privacy reminder: please don't paste customer data into external AI tools. If you "
            "need one for work, ask us; there are approved options. #privacy #generative-ai",
        ),
        _f(
            "til",
            'The GDPR question we hear most: "Can we keep this data just in case?" No. Keep '
            "what you need for a purpose you can name, for as long as you need it. #privacy",
        ),
        _f(
            "wip",
            "Working out loud: drafting a one-page guide to NDAs: when you need one, which "
            "template, who signs. Anything you've always wanted to ask? #compliance",
        ),
        _f(
            "lesson",
            "Negotiation lesson from a long contract review: the clause they fought hardest over "
            'was the one they\'d been burned by elsewhere. Asking "what happened last time?" '
            "saved us a week. #negotiation",
        ),
    ],
    "it": [
        _f(
            "celebration",
            "New laptops now arrive at new joiners' homes two days before their first day, fully "
            "set up. First login to first useful work: under an hour. #onboarding",
        ),
        _f(
            "wip",
            "Single sign-on now covers {n} more of our tools. If you still have a separate "
            "password for something work-related, tell me and I'll add it to the list. "
            "#security",
        ),
        _f(
            "til",
            "IT TIL: half of last month's helpdesk tickets were \"how do I connect to the office "
            "printer?\". There's now a one-page guide on the wall next to every printer. "
            "#onboarding",
        ),
        _f(
            "til",
            "Reminder: laptops restart for updates on Thursday night. Save your work. Yes, even "
            "that tab. #security",
        ),
        _f(
            "wip",
            "Linux desktop pilot: {n} engineers are trying it for a month. Early verdict: less "
            "fan noise, more opinions. #linux",
        ),
    ],
    "exec": [
        _f(
            "notes",
            "Three things I learned visiting the {other_city} office this week: teams there want "
            "more context on decisions made in other time zones, their coffee is better than "
            "ours, and {colleague} runs the best all-hands Q&A I've seen. Working on the first "
            "one. #leadership",
        ),
        _f(
            "notes",
            "Company OKRs for the quarter are published. Fewer of them this time: three "
            "objectives instead of five. If you can't see how your work connects to one of them, "
            "that's my problem to fix, not yours; please tell me. #okrs",
        ),
        _f(
            "question",
            "Writing the board update this week, and I'm trying to make it a story rather than a "
            "list: where we were, what we learned, what we're betting on next. Do you have a "
            "customer story from the last month that shows who we are? I'd love to hear it. "
            "#storytelling",
        ),
        _f(
            "question",
            "Offsite planning: we'll spend one of the two days on what we'll *stop* doing. "
            "Suggestions welcome, anonymously if you prefer; the form is in the usual place. "
            "#leadership",
        ),
        _f(
            "lesson",
            "A small thing I'm proud of: more and more teams share their weekly notes here, in "
            "the open. The best question I got this month came from someone who read notes I'd "
            "never have thought to send them. Keep working out loud. #leadership",
        ),
        _f(
            "til",
            "Public speaking confession: I still write out the first two sentences of every talk "
            "word for word. After that I can improvise; before that I can't. #public-speaking",
        ),
        _f(
            "celebration",
            "Thank you {colleague} for running {project} so smoothly that nobody noticed how much "
            "work it was. I noticed. 🙏 #project-management",
        ),
    ],
}

# Replies, by the kind of post they answer. {colleague}: an @mention of a colleague who can
# see the thread; {topic}: the post's topic. A reply may come with the thread starter's answer
# to it: (reply, answer).
REPLIES: dict[str, list[str | tuple[str, str]]] = {
    "question": [
        (
            "We had the same question last year. Short answer: it depends on team size, and "
            "{colleague} wrote up what we tried. Worth a look.",
            "Perfect, reading it now. Thanks!",
        ),
        "Following, because I'd like to know too.",
        (
            "I'd start small: try it with one team for two weeks and write down what breaks. "
            "Happy to compare notes.",
            "Good idea. I'll pick a team and report back.",
        ),
        ("{colleague} is the person to ask; they went through exactly this.", "Thanks, asking!"),
        "Not a full answer, but what worked for us: agree on the goal first, then the tool. We "
        "did it the other way round and regretted it.",
        (
            "I have a doc on this somewhere, let me dig it out. Message incoming.",
            "Yes please, that would help a lot.",
        ),
        (
            "Good question. We tried two approaches and the simpler one won. 15 minutes this week?",
            "Great, I'll send you an invite.",
        ),
        "Curious about the answers too; our team is about to face the same thing.",
        (
            "Happy to share what we did with {topic}. Short version: less than we planned, and "
            "it worked better.",
            "That's reassuring. Let's talk!",
        ),
    ],
    "invite": [
        "Count me in!",
        ("Yes please, I'd love to join.", "Great, adding you to the list."),
        "Signed up. See you there!",
        ("Can I bring someone from my team?", "Of course, the more the merrier."),
        "Great idea. Sending you a message.",
        ("I'm in. Is there a reading list beforehand?", "Nothing to prepare, just come along."),
    ],
    "fix": [
        "Nice find! Adding this to our team's checklist.",
        ("This bit us last month too. Thanks for writing it up.", "Glad it's not just us!"),
        (
            "Great write-up. Any way we could catch this automatically next time?",
            "Working on a check for it. Will post when it's in.",
        ),
        ("I'm fairly sure I wrote the original bug. Sorry, and thank you. 😅", "Ha, no worries!"),
        "Saving this; it's exactly the kind of thing I forget when I need it.",
        (
            "Would you turn this into a five-minute lightning talk at the next tech day?",
            "Sure, sign me up!",
        ),
        "Clear explanation, thank you. Checking our services for the same pattern now.",
    ],
    "lesson": [
        "Painfully relatable.",
        "This is going straight into my notes.",
        "We learned the same thing the hard way. Thanks for sharing it openly.",
        "Really useful, and thank you for writing it down instead of just moving on.",
        (
            "I'd add one more: write down who decided. Saves arguments later.",
            "Good point, I hadn't thought of that.",
        ),
        ("Sharing this with my team, hope that's OK!", "Of course, please do."),
        "Yes! We started doing this in {colleague}'s team and never looked back.",
    ],
    "link": [
        "Thanks, adding it to my reading list.",
        "One of my favourites. The second half is even better.",
        "Read it last year and still think about it.",
        ("Great pick. Would you do a lunch & learn on it?", "Happy to! Next month?"),
        "Just read it on the train. Very good, thank you.",
        "Passing this on to {colleague}, who was asking about exactly this.",
    ],
    "feedback": [
        "Super useful, thanks for sharing what you're hearing.",
        "That matches what we see in support tickets.",
        (
            "Love these summaries. Could you keep posting them every couple of weeks?",
            "Will do, thanks for the nudge.",
        ),
        (
            "Interesting! Can we talk about this at the next cross-team sync?",
            "Yes, I'll add it to the agenda.",
        ),
        "This is gold for next week's roadmap discussion, thank you.",
        "Point taken. Looping in {colleague}, who owns that part.",
    ],
    "celebration": [
        ("Congratulations! 🎉", "Thank you! 😊"),
        "So well deserved!",
        "Amazing work, congrats!",
        ("Great news. Well done, everyone involved.", "Thanks! It really was a team effort."),
        "Brilliant! 👏",
        "Fantastic, congrats to the whole team!",
        "Yes!! 🎉 Very deserved.",
        ("This made my day. Congrats!", "Thank you, that means a lot."),
    ],
    "wip": [
        ("Happy to review when you're ready.", "Thanks, I'll send it your way this week."),
        "Love that you're sharing this early. I have a few thoughts; I'll comment on the doc.",
        ("Count me in if you need a tester.", "Great, you're on the list."),
        (
            "We did something similar last year. Ping me and I'll show you what we learned.",
            "Yes please! Booking 30 minutes.",
        ),
        "Following along; this will help us too.",
        "{colleague} might have useful context here.",
    ],
    "learning": [
        ("Good luck! Happy to help if you get stuck.", "Thanks, I might take you up on that!"),
        "You'll love it. The first weeks are the hardest.",
        ("I'm learning the same thing. Study buddies?", "Yes! Let's find a slot."),
        "Great progress, keep going!",
        "Shout if you want someone to practise with.",
        "Inspiring, thanks for sharing. I should really start too.",
    ],
    "notes": [
        "Thanks for the notes, I couldn't make it this time.",
        "Really helpful summary.",
        "Thanks for writing this up!",
        "Saved me watching the recording. Thank you!",
    ],
    "til": [
        "TIL too, thanks!",
        "Oh, I didn't know that either. Nice.",
        "Great tip, using it from today.",
        "Small things like this add up. Thanks for sharing.",
    ],
}
THANKS_MESSAGES = [
    "This saved me an afternoon.",
    "Exactly what I needed this week, thank you!",
    "Thanks for writing this up so clearly.",
    "Used this today and it worked first time.",
    "Sharing this with my team. Thank you!",
    "",
    "",
]
THANKS_FOR_ANSWERS = [
    "Thanks, that was exactly it!",
    "This answered my question. Thank you!",
    "Thank you, that saved me a lot of searching.",
]

# Reactions by kind of post: {kind: weight}.
REACTIONS: dict[str, dict[str, int]] = {
    "celebration": {"celebrate": 60, "plus_one": 25, "insightful": 5, "thanks": 10},
    "fix": {"insightful": 40, "thanks": 35, "plus_one": 20, "celebrate": 5},
    "lesson": {"insightful": 50, "plus_one": 30, "thanks": 20},
    "link": {"insightful": 40, "thanks": 40, "plus_one": 20},
    "question": {"plus_one": 70, "insightful": 20, "thanks": 10},
    "feedback": {"insightful": 50, "thanks": 30, "plus_one": 20},
    "wip": {"plus_one": 40, "insightful": 30, "celebrate": 20, "thanks": 10},
    "learning": {"celebrate": 40, "plus_one": 40, "insightful": 20},
    "notes": {"thanks": 50, "insightful": 30, "plus_one": 20},
    "til": {"insightful": 50, "plus_one": 30, "thanks": 20},
    "invite": {"plus_one": 70, "celebrate": 20, "thanks": 10},
    "announcement": {"celebrate": 40, "plus_one": 40, "thanks": 20},
    "reply": {"plus_one": 50, "thanks": 30, "insightful": 20},
}
# Average reactions on a post of each kind (before the author's pull and chance); about half
# of all posts get none, so the popular ones get several.
REACTION_BASE = {
    "celebration": 1.8,
    "fix": 1.1,
    "lesson": 1.1,
    "link": 0.9,
    "question": 0.4,
    "feedback": 1.0,
    "wip": 0.7,
    "learning": 0.9,
    "notes": 0.9,
    "til": 0.9,
    "invite": 0.8,
}
# Chance that a post of each kind gets replies.
REPLY_CHANCE = {"question": 0.75, "invite": 0.5, "celebration": 0.35, "fix": 0.3, "wip": 0.35}
DEFAULT_REPLY_CHANCE = 0.25

# --- The sign-in member's posts, and posts that mention her -----------------------------------
# (days ago, kind, text, replies). A reply is (who, text): "data" (someone in Data & AI),
# "team" (her team), "manager", "any" (anyone), or "author" (Maria answering the reply before).

MEMBER_FLOWS = [
    (
        2,
        "question",
        "Working out loud: I'm trying to move towards machine learning engineering, starting "
        "small. This month I'm pairing with Data & AI on the recommendations pipeline, one "
        "afternoon a week. Question for anyone who made a similar switch: what do you wish you'd "
        "learned first, the maths or the tooling? #machine-learning #python",
        [
            (
                "data",
                "Tooling first, honestly. Get one small model into production end to end and the "
                "maths will have somewhere to attach. Happy to pair on the feature pipeline.",
            ),
            ("author", "That's what I was hoping to hear. Thursday afternoon?"),
            (
                "data",
                'Second that. And keep a notebook of every "why does it do that?" moment; '
                "those are your maths syllabus.",
            ),
            ("team", "Go Maria! Platform will miss you on Thursdays. 😄"),
        ],
    ),
    (
        9,
        "fix",
        "Notes from the PostgreSQL 16 upgrade, for the next person who does one:\n\n"
        "1. Rehearse on a copy of production, twice\n"
        "2. `pg_upgrade --link` is fast, but take a snapshot first\n"
        "3. Run `ANALYZE` straight after; the planner starts with no statistics\n"
        "4. Check your extensions' versions before the day, not on the day\n\n"
        "Reporting queries are about 40% faster. The runbook is in the platform handbook. "
        "#postgresql #site-reliability-engineering",
        [
            ("team", "Point 3 is the one everyone forgets. Thanks for writing it down!"),
            ("any", "Bookmarked. We have a smaller database to upgrade next quarter."),
            ("manager", "Zero downtime and a runbook. Textbook. 👏"),
        ],
    ),
    (
        23,
        "learning",
        "I've signed up to give my first conference talk, about making deploys boring. "
        "Terrified. Would anyone be up for watching a dry run in a couple of weeks? Brutal "
        "feedback welcome. #public-speaking #ci-cd",
        [
            ("any", "Count me in. Tip: rehearse the first two minutes until they're boring."),
            ("team", "I'll be there, front row, nodding encouragingly."),
            ("author", "Thank you both! Invite coming for Friday."),
        ],
    ),
]
# Posts by colleagues that mention her ({member}); "who" as above, plus "web" (Engineering)
# and "people" (People & Culture).
MEMBER_MENTION_FLOWS = [
    (
        1,
        "team",
        "celebration",
        "Shout-out to {member} for the PostgreSQL 16 upgrade runbook. I used it for the "
        "reporting replica today: {minutes} minutes, zero surprises. This is what good "
        "documentation looks like. #postgresql",
    ),
    (
        5,
        "data",
        "celebration",
        "{member} has been pairing with us on the recommendations pipeline every Thursday, and "
        "our deploys have never been so boring (a compliment). More Platform and Data & AI "
        "exchanges, please. #machine-learning #ci-cd",
    ),
    (
        12,
        "web",
        "question",
        'Question about connection pooling in Django: we hit "too many connections" during '
        "every deploy. {member}, I think you looked into this last year? #django #postgresql",
    ),
    (
        2,
        "people",
        "celebration",
        "Learning week speakers are confirmed! Thank you {member} (PostgreSQL for people who are "
        "scared of databases), {colleague} and everyone else who volunteered. The schedule is in "
        "the announcement. #learning-and-development",
    ),
]

# --- Announcements by the admin, pinned on everyone's feed ------------------------------------
# (days ago, text, replies); {learning_week}: the Monday learning week starts.
ANNOUNCEMENTS = [
    (
        57,
        "**Welcome to Knowflow at Northwind Labs!** 👋\n\n"
        "This is our place to *work out loud*: share what you're working on, what you've learned "
        "and where you're stuck, while it's happening, not only when it's finished and "
        "polished. Someone in another office has probably solved your problem already, and "
        "this is how you find them.\n\n"
        "Ideas for a first post:\n\n"
        "- a problem you solved this week, and how\n"
        "- a question you'd normally only ask your team\n"
        "- a link or book that changed how you work\n"
        "- a thank-you to a colleague who helped you\n\n"
        "Tag topics (like #writing or #kubernetes) so people who follow them find you, and "
        "@-mention colleagues to bring them in. A post can be for everyone or only for your "
        "department.\n\n"
        "And fill in your profile: your skills and what you want to learn are how colleagues "
        "find you. Questions? Ask me here. — Noor",
        [
            "Love this. First post incoming!",
            "Finally a place for the things that don't fit in a team channel. 👏",
            "Done: profile filled in and three topics followed.",
            "Looking forward to seeing what everyone's working on.",
        ],
    ),
    (
        6,
        "**Learning week starts on {learning_week}** 📚\n\n"
        "Five days with an hour a day blocked in everyone's calendar, just for learning:\n\n"
        "- **Sessions by colleagues**, 30 minutes each: SQL for non-engineers, negotiation "
        "basics, giving your first talk, PostgreSQL without fear, and more. Add yours to the "
        "schedule.\n"
        "- **Mentoring speed-dating** on Wednesday: ten-minute chats with people who can teach "
        "what you want to learn.\n"
        "- **Show and tell** on Friday: share one thing you learned here, tagged "
        "#learning-and-development.\n\n"
        "Tip: the *want to learn* list on your profile is how mentors find you. Update it this "
        "week. — Noor",
        [
            "Signed up for the negotiation session already!",
            "Can we run a session in German for the Berlin office? Happy to organise it.",
            "Mentoring speed-dating is such a good idea.",
            "Blocked the hour in my calendar. Not moving it. 😄",
        ],
    ),
]
