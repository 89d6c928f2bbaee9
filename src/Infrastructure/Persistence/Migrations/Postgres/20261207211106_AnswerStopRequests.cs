using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planck.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnswerStopRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stop_requested_at",
                table: "answer_streams",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "stop_requested_at",
                table: "answer_streams");
        }
    }
}
