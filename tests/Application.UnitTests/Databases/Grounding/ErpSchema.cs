using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Grounding;

namespace Planck.Application.UnitTests.Databases.Grounding;

/// <summary>
/// A generated but realistic 100-table ERP catalog (core, sales, inventory, purchasing, HR, finance, support,
/// marketing) with foreign keys, junction tables, comments, profiled values and the workspace hints a team would write.
/// </summary>
internal static class ErpSchema
{
    private const string Core = "core";
    private const string Sales = "sales";
    private const string Inventory = "inventory";
    private const string Purchasing = "purchasing";
    private const string Hr = "hr";
    private const string Finance = "finance";
    private const string Support = "support";
    private const string Marketing = "marketing";

    public static DatabaseCatalog Catalog { get; } = new(Tables().Select(t => t.Build()).ToList());

    public static GroundingHints Hints { get; } = new([
        new TableHint("sales.customers", "Client", "Companies and people who buy from us", ["client", "account", "buyer"],
            [new ColumnHint("segment", "Tier", null, ["tier"])]),
        new TableHint("hr.employees", "Employee", null, ["staff", "worker", "personnel", "headcount", "colleague"],
            [new ColumnHint("hire_date", "Start date", null, ["joined", "start date"])]),
        new TableHint("finance.invoices", "Customer invoice", null, ["bill", "billing", "receivable"], []),
        new TableHint("sales.orders", "Sales order", null, ["booking"], []),
        new TableHint("inventory.products", "Product", null, ["item", "article", "goods", "merchandise"], []),
        new TableHint("purchasing.suppliers", "Supplier", null, ["vendor"], []),
        new TableHint("support.tickets", "Support ticket", null, ["case", "incident", "complaint"], []),
        new TableHint("hr.leave_requests", "Leave request", null, ["time off", "absence", "holiday"], []),
        new TableHint("marketing.leads", "Lead", null, ["prospect"], []),
        new TableHint("sales.sales_reps", "Sales representative", null, ["salesperson", "account manager"], []),
        new TableHint("finance.accounts", "General ledger account", null, ["GL", "ledger"], []),
        new TableHint("hr.salaries", "Salary", null, ["pay", "compensation", "wage"], []),
        new TableHint("support.satisfaction_surveys", "Satisfaction survey", null, ["CSAT", "feedback"], []),
        new TableHint("inventory.stock_levels", "Stock level", null, ["on hand", "stock"], []),
        new TableHint("finance.payments", null, null, [], [new ColumnHint("method", "Payment type", null, ["payment type"])]),
        new TableHint("hr.job_openings", "Job opening", null, ["position", "vacancy"], []),
    ]);

    private static IEnumerable<TableBuilder> Tables()
    {
        // core (10)
        yield return new TableBuilder(Core, "countries", "ISO countries").Id().Column("iso_code", "char(2)").Column("name");
        yield return new TableBuilder(Core, "currencies").Id().Column("code", "char(3)", values: ["EUR", "USD", "GBP", "CHF"])
            .Column("name", values: ["Euro", "US dollar", "Pound sterling", "Swiss franc"]).Column("symbol", "varchar(3)");
        yield return new TableBuilder(Core, "exchange_rates", "Daily rate to the company currency").Id()
            .Ref("currency_id", Core, "currencies").Column("rate_date", "date").Column("rate", "numeric(12,6)");
        yield return new TableBuilder(Core, "companies", "Legal entities of the group").Id().Column("legal_name")
            .Ref("country_id", Core, "countries").Ref("currency_id", Core, "currencies");
        yield return new TableBuilder(Core, "addresses").Id().Column("line1").Column("city").Column("postal_code", "varchar(20)")
            .Ref("country_id", Core, "countries");
        yield return new TableBuilder(Core, "users", "People who sign in to the ERP").Id().Column("email").Column("display_name")
            .Ref("employee_id", Hr, "employees", nullable: true).Column("last_login_at", "timestamp");
        yield return new TableBuilder(Core, "audit_log").Id().Ref("user_id", Core, "users").Column("action", values: ["create", "update", "delete"])
            .Column("entity").Column("at", "timestamp");
        yield return new TableBuilder(Core, "attachments").Id().Column("entity").Column("entity_id", "integer").Column("file_name")
            .Ref("uploaded_by", Core, "users");
        yield return new TableBuilder(Core, "units_of_measure").Id().Column("code", values: ["pcs", "kg", "m", "l", "box"]).Column("name");
        yield return new TableBuilder(Core, "tax_rates", "VAT and sales tax rates").Id().Ref("country_id", Core, "countries")
            .Column("name").Column("rate", "numeric(5,2)");

        // sales (19)
        yield return new TableBuilder(Sales, "customers").Id().Column("name").Column("segment", values: ["enterprise", "smb", "consumer"])
            .Ref("country_id", Core, "countries").Column("created_at", "timestamp").Column("credit_limit", "numeric(12,2)");
        yield return new TableBuilder(Sales, "customer_contacts", "People at a customer we talk to").Id().Ref("customer_id", Sales, "customers")
            .Column("full_name").Column("email").Column("phone").Column("role", values: ["buyer", "finance", "technical", "executive"]);
        yield return new TableBuilder(Sales, "customer_addresses").Ref("customer_id", Sales, "customers").Ref("address_id", Core, "addresses")
            .Column("kind", values: ["billing", "shipping"]).Key("customer_id", "address_id");
        yield return new TableBuilder(Sales, "sales_regions").Id().Column("name", values: ["EMEA", "APAC", "Americas"]);
        yield return new TableBuilder(Sales, "sales_reps").Id().Ref("employee_id", Hr, "employees").Ref("region_id", Sales, "sales_regions")
            .Column("quota", "numeric(12,2)");
        yield return new TableBuilder(Sales, "customer_rep_assignments").Ref("customer_id", Sales, "customers").Ref("sales_rep_id", Sales, "sales_reps")
            .Column("start_date", "date").Key("customer_id", "sales_rep_id");
        yield return new TableBuilder(Sales, "quotes", "Price offers sent to customers").Id().Ref("customer_id", Sales, "customers")
            .Ref("sales_rep_id", Sales, "sales_reps").Column("status", values: ["draft", "sent", "accepted", "rejected", "expired"])
            .Column("valid_until", "date").Column("total_amount", "numeric(12,2)");
        yield return new TableBuilder(Sales, "quote_lines").Id().Ref("quote_id", Sales, "quotes").Ref("product_id", Inventory, "products")
            .Column("quantity", "integer").Column("unit_price", "numeric(12,2)");
        yield return new TableBuilder(Sales, "orders").Id().Ref("customer_id", Sales, "customers").Ref("sales_rep_id", Sales, "sales_reps", nullable: true)
            .Column("order_date", "date").Column("status", values: ["open", "shipped", "delivered", "cancelled", "on_hold"])
            .Column("total_amount", "numeric(12,2)").Ref("currency_id", Core, "currencies").Rows(250_000);
        yield return new TableBuilder(Sales, "order_lines").Id().Ref("order_id", Sales, "orders").Ref("product_id", Inventory, "products")
            .Column("quantity", "integer").Column("unit_price", "numeric(12,2)").Column("discount_percent", "numeric(5,2)").Rows(900_000);
        yield return new TableBuilder(Sales, "shipments").Id().Ref("order_id", Sales, "orders").Ref("warehouse_id", Inventory, "warehouses")
            .Ref("carrier_id", Sales, "carriers").Column("promised_date", "date").Column("shipped_at", "timestamp").Column("delivered_at", "timestamp")
            .Column("tracking_number");
        yield return new TableBuilder(Sales, "shipment_lines").Id().Ref("shipment_id", Sales, "shipments").Ref("order_line_id", Sales, "order_lines")
            .Column("quantity", "integer");
        yield return new TableBuilder(Sales, "carriers", "Parcel and freight companies").Id().Column("name", values: ["DHL", "UPS", "FedEx", "DPD"]);
        yield return new TableBuilder(Sales, "returns", "Goods customers sent back").Id().Ref("order_id", Sales, "orders")
            .Column("reason", values: ["damaged", "wrong_item", "not_needed", "late"]).Column("returned_at", "date");
        yield return new TableBuilder(Sales, "return_lines").Id().Ref("return_id", Sales, "returns").Ref("order_line_id", Sales, "order_lines")
            .Column("quantity", "integer");
        yield return new TableBuilder(Sales, "price_lists").Id().Column("name").Ref("currency_id", Core, "currencies").Column("valid_from", "date");
        yield return new TableBuilder(Sales, "price_list_items").Ref("price_list_id", Sales, "price_lists").Ref("product_id", Inventory, "products")
            .Column("price", "numeric(12,2)").Key("price_list_id", "product_id");
        yield return new TableBuilder(Sales, "discounts", "Promotion codes").Id().Column("code").Column("percent", "numeric(5,2)")
            .Column("valid_from", "date").Column("valid_to", "date");
        yield return new TableBuilder(Sales, "order_discounts").Ref("order_id", Sales, "orders").Ref("discount_id", Sales, "discounts")
            .Key("order_id", "discount_id");

        // inventory (14)
        yield return new TableBuilder(Inventory, "products").Id().Column("sku", "varchar(30)").Column("name")
            .Ref("category_id", Inventory, "product_categories").Ref("brand_id", Inventory, "brands", nullable: true)
            .Ref("unit_id", Core, "units_of_measure").Column("list_price", "numeric(12,2)").Column("is_active", "boolean");
        yield return new TableBuilder(Inventory, "product_categories").Id().Column("name", values: ["Laptops", "Monitors", "Accessories", "Furniture"])
            .Ref("parent_id", Inventory, "product_categories", nullable: true);
        yield return new TableBuilder(Inventory, "brands").Id().Column("name");
        yield return new TableBuilder(Inventory, "product_attributes", "Free-form specs such as colour or size").Id()
            .Ref("product_id", Inventory, "products").Column("name").Column("value");
        yield return new TableBuilder(Inventory, "warehouses").Id().Column("name", values: ["Berlin", "Lyon", "Madrid", "Leeds"])
            .Ref("address_id", Core, "addresses").Column("capacity_m3", "integer");
        yield return new TableBuilder(Inventory, "bins", "Storage locations inside a warehouse").Id().Ref("warehouse_id", Inventory, "warehouses")
            .Column("code", "varchar(20)");
        yield return new TableBuilder(Inventory, "stock_levels").Ref("product_id", Inventory, "products").Ref("warehouse_id", Inventory, "warehouses")
            .Column("quantity_on_hand", "integer").Column("reorder_point", "integer").Key("product_id", "warehouse_id");
        yield return new TableBuilder(Inventory, "stock_movements").Id().Ref("product_id", Inventory, "products").Ref("warehouse_id", Inventory, "warehouses")
            .Column("movement_type", values: ["receipt", "issue", "transfer", "adjustment"]).Column("quantity", "integer").Column("moved_at", "timestamp");
        yield return new TableBuilder(Inventory, "stock_transfers").Id().Ref("from_warehouse_id", Inventory, "warehouses")
            .Ref("to_warehouse_id", Inventory, "warehouses").Ref("product_id", Inventory, "products").Column("quantity", "integer")
            .Column("status", values: ["requested", "in_transit", "completed"]);
        yield return new TableBuilder(Inventory, "inventory_counts", "Physical stock takes").Id().Ref("warehouse_id", Inventory, "warehouses")
            .Column("counted_at", "date").Ref("counted_by", Hr, "employees");
        yield return new TableBuilder(Inventory, "inventory_count_lines").Id().Ref("count_id", Inventory, "inventory_counts")
            .Ref("product_id", Inventory, "products").Column("counted_quantity", "integer").Column("system_quantity", "integer");
        yield return new TableBuilder(Inventory, "lots", "Batches with an expiry").Id().Ref("product_id", Inventory, "products")
            .Column("lot_number").Column("expiry_date", "date");
        yield return new TableBuilder(Inventory, "product_suppliers").Ref("product_id", Inventory, "products").Ref("supplier_id", Purchasing, "suppliers")
            .Column("supplier_sku").Column("lead_time_days", "integer").Key("product_id", "supplier_id");
        yield return new TableBuilder(Inventory, "product_images").Id().Ref("product_id", Inventory, "products").Column("url").Column("position", "integer");

        // purchasing (10)
        yield return new TableBuilder(Purchasing, "suppliers").Id().Column("name").Ref("country_id", Core, "countries").Column("rating", "integer")
            .Column("status", values: ["active", "blocked", "pending"]);
        yield return new TableBuilder(Purchasing, "supplier_contacts").Id().Ref("supplier_id", Purchasing, "suppliers").Column("full_name").Column("email");
        yield return new TableBuilder(Purchasing, "purchase_requisitions", "Internal requests to buy something").Id()
            .Ref("requested_by", Hr, "employees").Ref("department_id", Hr, "departments")
            .Column("status", values: ["pending", "approved", "rejected"]).Column("needed_by", "date");
        yield return new TableBuilder(Purchasing, "requisition_lines").Id().Ref("requisition_id", Purchasing, "purchase_requisitions")
            .Ref("product_id", Inventory, "products").Column("quantity", "integer");
        yield return new TableBuilder(Purchasing, "purchase_orders").Id().Ref("supplier_id", Purchasing, "suppliers").Ref("buyer_id", Hr, "employees")
            .Column("order_date", "date").Column("status", values: ["draft", "approved", "sent", "received", "closed"]).Column("total_amount", "numeric(12,2)");
        yield return new TableBuilder(Purchasing, "purchase_order_lines").Id().Ref("purchase_order_id", Purchasing, "purchase_orders")
            .Ref("product_id", Inventory, "products").Column("quantity", "integer").Column("unit_cost", "numeric(12,2)");
        yield return new TableBuilder(Purchasing, "goods_receipts", "Deliveries received from suppliers").Id()
            .Ref("purchase_order_id", Purchasing, "purchase_orders").Ref("warehouse_id", Inventory, "warehouses").Column("received_at", "timestamp");
        yield return new TableBuilder(Purchasing, "goods_receipt_lines").Id().Ref("receipt_id", Purchasing, "goods_receipts")
            .Ref("purchase_order_line_id", Purchasing, "purchase_order_lines").Column("quantity_received", "integer").Column("quantity_rejected", "integer");
        yield return new TableBuilder(Purchasing, "supplier_invoices", "Accounts payable").Id().Ref("supplier_id", Purchasing, "suppliers")
            .Ref("purchase_order_id", Purchasing, "purchase_orders").Column("invoice_number").Column("amount", "numeric(12,2)")
            .Column("due_date", "date").Column("status", values: ["unpaid", "paid", "disputed"]);
        yield return new TableBuilder(Purchasing, "supplier_contracts").Id().Ref("supplier_id", Purchasing, "suppliers").Column("start_date", "date")
            .Column("end_date", "date").Column("terms", "text");

        // hr (16)
        yield return new TableBuilder(Hr, "departments").Id().Column("name", values: ["Sales", "Engineering", "Finance", "Support", "Operations"])
            .Ref("manager_id", Hr, "employees", nullable: true).Ref("cost_center_id", Finance, "cost_centers");
        yield return new TableBuilder(Hr, "job_titles").Id().Column("title").Column("grade", "integer");
        yield return new TableBuilder(Hr, "employees").Id().Column("first_name").Column("last_name").Column("email")
            .Ref("department_id", Hr, "departments").Ref("job_title_id", Hr, "job_titles").Ref("manager_id", Hr, "employees", nullable: true)
            .Column("hire_date", "date").Column("termination_date", "date").Column("status", values: ["active", "on_leave", "terminated"]);
        yield return new TableBuilder(Hr, "salaries").Id().Ref("employee_id", Hr, "employees").Column("amount", "numeric(12,2)")
            .Ref("currency_id", Core, "currencies").Column("effective_from", "date");
        yield return new TableBuilder(Hr, "bonuses").Id().Ref("employee_id", Hr, "employees").Column("amount", "numeric(12,2)")
            .Column("paid_on", "date").Column("reason");
        yield return new TableBuilder(Hr, "leave_types").Id().Column("name", values: ["vacation", "sick", "parental", "unpaid"]);
        yield return new TableBuilder(Hr, "leave_requests").Id().Ref("employee_id", Hr, "employees").Ref("leave_type_id", Hr, "leave_types")
            .Column("start_date", "date").Column("end_date", "date").Column("status", values: ["pending", "approved", "rejected"]);
        yield return new TableBuilder(Hr, "attendance", "Hours worked per day").Id().Ref("employee_id", Hr, "employees").Column("work_date", "date")
            .Column("hours_worked", "numeric(4,2)");
        yield return new TableBuilder(Hr, "trainings", "Courses offered to employees").Id()
            .Column("title", values: ["Fire safety", "First aid", "GDPR basics", "Leadership"]).Column("provider").Column("hours", "integer");
        yield return new TableBuilder(Hr, "training_enrollments").Ref("training_id", Hr, "trainings").Ref("employee_id", Hr, "employees")
            .Column("completed_at", "date").Column("score", "integer").Key("training_id", "employee_id");
        yield return new TableBuilder(Hr, "skills").Id().Column("name", values: ["Python", "SQL", "Negotiation", "Excel", "German"]);
        yield return new TableBuilder(Hr, "employee_skills").Ref("employee_id", Hr, "employees").Ref("skill_id", Hr, "skills")
            .Column("level", values: ["basic", "intermediate", "advanced"]).Key("employee_id", "skill_id");
        yield return new TableBuilder(Hr, "performance_reviews").Id().Ref("employee_id", Hr, "employees").Ref("reviewer_id", Hr, "employees")
            .Column("period", "varchar(7)").Column("rating", "integer", min: "1", max: "5");
        yield return new TableBuilder(Hr, "job_openings").Id().Ref("department_id", Hr, "departments").Ref("job_title_id", Hr, "job_titles")
            .Column("opened_at", "date").Column("status", values: ["open", "filled", "cancelled"]);
        yield return new TableBuilder(Hr, "candidates").Id().Column("full_name").Column("email")
            .Column("source", values: ["referral", "job_board", "agency", "linkedin"]);
        yield return new TableBuilder(Hr, "applications").Id().Ref("candidate_id", Hr, "candidates").Ref("job_opening_id", Hr, "job_openings")
            .Column("applied_at", "date").Column("stage", values: ["screening", "interview", "offer", "hired", "rejected"]);

        // finance (14)
        yield return new TableBuilder(Finance, "accounts", "Chart of accounts").Id().Column("code", "varchar(10)").Column("name")
            .Column("type", values: ["asset", "liability", "equity", "revenue", "expense"]);
        yield return new TableBuilder(Finance, "cost_centers").Id().Column("code", "varchar(10)").Column("name");
        yield return new TableBuilder(Finance, "fiscal_periods").Id().Column("year", "integer").Column("period", "integer")
            .Column("start_date", "date").Column("end_date", "date").Column("is_closed", "boolean");
        yield return new TableBuilder(Finance, "journal_entries").Id().Ref("period_id", Finance, "fiscal_periods").Column("posted_at", "timestamp")
            .Column("description").Column("source", values: ["sales", "purchasing", "payroll", "manual"]);
        yield return new TableBuilder(Finance, "journal_lines").Id().Ref("entry_id", Finance, "journal_entries").Ref("account_id", Finance, "accounts")
            .Ref("cost_center_id", Finance, "cost_centers", nullable: true).Column("debit", "numeric(14,2)").Column("credit", "numeric(14,2)");
        yield return new TableBuilder(Finance, "invoices").Id().Ref("customer_id", Sales, "customers").Ref("order_id", Sales, "orders", nullable: true)
            .Column("invoice_number").Column("issued_on", "date").Column("due_date", "date").Column("net_amount", "numeric(12,2)")
            .Column("tax_amount", "numeric(12,2)").Column("status", values: ["draft", "issued", "paid", "overdue", "void"]);
        yield return new TableBuilder(Finance, "invoice_lines").Id().Ref("invoice_id", Finance, "invoices").Ref("order_line_id", Sales, "order_lines", nullable: true)
            .Column("amount", "numeric(12,2)");
        yield return new TableBuilder(Finance, "payments", "Money received from customers").Id().Ref("invoice_id", Finance, "invoices")
            .Column("paid_on", "date").Column("amount", "numeric(12,2)").Column("method", values: ["card", "bank_transfer", "cash", "paypal"]);
        yield return new TableBuilder(Finance, "credit_notes").Id().Ref("invoice_id", Finance, "invoices").Column("amount", "numeric(12,2)").Column("reason");
        yield return new TableBuilder(Finance, "budgets").Id().Ref("cost_center_id", Finance, "cost_centers").Ref("account_id", Finance, "accounts")
            .Ref("period_id", Finance, "fiscal_periods").Column("amount", "numeric(14,2)");
        yield return new TableBuilder(Finance, "expense_reports").Id().Ref("employee_id", Hr, "employees").Column("submitted_at", "date")
            .Column("status", values: ["submitted", "approved", "reimbursed", "rejected"]).Column("total", "numeric(12,2)");
        yield return new TableBuilder(Finance, "expense_items").Id().Ref("report_id", Finance, "expense_reports")
            .Column("category", values: ["travel", "meals", "lodging", "software"]).Column("amount", "numeric(12,2)").Column("spent_on", "date");
        yield return new TableBuilder(Finance, "bank_accounts").Id().Ref("company_id", Core, "companies").Column("iban", "varchar(34)")
            .Ref("currency_id", Core, "currencies");
        yield return new TableBuilder(Finance, "bank_transactions", "Bank statement lines").Id().Ref("bank_account_id", Finance, "bank_accounts")
            .Column("booked_on", "date").Column("amount", "numeric(14,2)").Column("counterparty")
            .Ref("payment_id", Finance, "payments", "The customer payment this line was matched to", nullable: true);

        // support (9)
        yield return new TableBuilder(Support, "tickets").Id().Ref("customer_id", Sales, "customers").Ref("contact_id", Sales, "customer_contacts", nullable: true)
            .Ref("product_id", Inventory, "products", nullable: true).Ref("assigned_agent_id", Support, "agents", nullable: true)
            .Column("priority", values: ["low", "medium", "high", "urgent"]).Column("status", values: ["new", "open", "pending", "resolved", "closed"])
            .Column("channel", values: ["email", "phone", "chat", "web"]).Column("opened_at", "timestamp").Column("resolved_at", "timestamp");
        yield return new TableBuilder(Support, "ticket_comments").Id().Ref("ticket_id", Support, "tickets").Ref("author_agent_id", Support, "agents", nullable: true)
            .Column("body", "text").Column("created_at", "timestamp");
        yield return new TableBuilder(Support, "agents", "Support staff handling tickets").Id().Ref("employee_id", Hr, "employees")
            .Ref("team_id", Support, "support_teams");
        yield return new TableBuilder(Support, "support_teams").Id().Column("name", values: ["Tier 1", "Tier 2", "Billing", "Hardware"]);
        yield return new TableBuilder(Support, "sla_policies", "Response and resolution targets").Id()
            .Column("priority", values: ["low", "medium", "high", "urgent"]).Column("response_hours", "integer").Column("resolution_hours", "integer");
        yield return new TableBuilder(Support, "ticket_tags").Ref("ticket_id", Support, "tickets").Ref("tag_id", Support, "tags").Key("ticket_id", "tag_id");
        yield return new TableBuilder(Support, "tags").Id().Column("name");
        yield return new TableBuilder(Support, "satisfaction_surveys").Id().Ref("ticket_id", Support, "tickets").Column("score", "integer", min: "1", max: "5")
            .Column("comment", "text").Column("answered_at", "timestamp");
        yield return new TableBuilder(Support, "knowledge_articles", "Help-centre articles").Id().Column("title")
            .Ref("product_id", Inventory, "products", nullable: true).Ref("author_agent_id", Support, "agents").Column("views", "integer");

        // marketing (8)
        yield return new TableBuilder(Marketing, "campaigns").Id().Column("name").Column("channel", values: ["email", "social", "search", "display", "event"])
            .Column("start_date", "date").Column("end_date", "date").Column("budget", "numeric(12,2)");
        yield return new TableBuilder(Marketing, "campaign_members").Ref("campaign_id", Marketing, "campaigns").Ref("lead_id", Marketing, "leads")
            .Column("responded", "boolean").Key("campaign_id", "lead_id");
        yield return new TableBuilder(Marketing, "leads").Id().Column("full_name").Column("email").Column("company_name")
            .Column("status", values: ["new", "qualified", "converted", "lost"])
            .Ref("converted_customer_id", Sales, "customers", "Set when the lead became a customer", nullable: true);
        yield return new TableBuilder(Marketing, "lead_activities").Id().Ref("lead_id", Marketing, "leads")
            .Column("activity_type", values: ["call", "email", "meeting", "demo"]).Column("happened_at", "timestamp")
            .Ref("sales_rep_id", Sales, "sales_reps", nullable: true);
        yield return new TableBuilder(Marketing, "email_sends").Id().Ref("campaign_id", Marketing, "campaigns").Ref("lead_id", Marketing, "leads")
            .Column("sent_at", "timestamp").Column("opened", "boolean").Column("clicked", "boolean");
        yield return new TableBuilder(Marketing, "web_sessions").Id().Ref("lead_id", Marketing, "leads", nullable: true).Column("started_at", "timestamp")
            .Column("landing_page").Column("utm_source");
        yield return new TableBuilder(Marketing, "events", "Trade fairs and webinars we run").Id().Column("name").Column("city").Column("event_date", "date")
            .Column("capacity", "integer");
        yield return new TableBuilder(Marketing, "event_registrations").Ref("event_id", Marketing, "events").Ref("lead_id", Marketing, "leads")
            .Column("attended", "boolean").Key("event_id", "lead_id");
    }
}
