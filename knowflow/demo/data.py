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
